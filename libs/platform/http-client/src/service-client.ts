import { randomUUID } from 'crypto';
import { RequestContext } from '@retail/platform-observability';
import {
  DependencyAuthError,
  DependencyError,
  dependencyErrors,
  DependencyRejectedError,
  DependencyUnavailableError,
} from './dependency-errors';
import { outcomeOf, recordDependencyCall } from './dependency-metrics';
import { HttpJsonClient, HttpRequest, HttpResponse } from './http-json-client';
import type { FetchFn } from './platform-fetch';

export interface ServiceClientOptions {
  /** Roster name of the service called (`tools/services.json`), used in errors and metrics. */
  dependency: string;
  baseUrl: string;
  /** Our own key (`SERVICE_API_KEY`), sent as `x-api-key` on every call. */
  apiKey: string;
  timeoutMs: number;
  /** Told of every 401/403, e.g. so readiness re-checks the key at once. */
  onAuthFailure?: (error: DependencyAuthError) => void;
  fetch?: FetchFn;
}

export interface ServiceRequest extends HttpRequest {
  /** 4xx statuses answered as a response instead of thrown (e.g. 404 "no such order"). */
  accept?: number[];
  /**
   * 4xx statuses that mean "try again later" (DependencyUnavailableError, outcome unknown),
   * e.g. 409 while the same idempotency key is still being processed.
   */
  retryOn?: number[];
  /** Defaults to the current request's or message's correlation id. */
  correlationId?: string;
  timeoutMs?: number;
}

/**
 * Calls another service of the product with our own key and the correlation id. Failures are
 * typed: DependencyAuthError (401/403, a configuration fault), DependencyUnavailableError
 * (network, timeout, 5xx, 429) and DependencyRejectedError (other 4xx, a business answer).
 */
export class ServiceClient {
  private readonly http: HttpJsonClient;

  constructor(readonly options: ServiceClientOptions) {
    this.http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      errors: dependencyErrors(options.dependency),
      timeoutMs: options.timeoutMs,
      headers: { 'x-api-key': options.apiKey },
      fetch: options.fetch,
    });
  }

  get dependency(): string {
    return this.options.dependency;
  }

  async send<T>(request: ServiceRequest): Promise<HttpResponse<T>> {
    const correlationId =
      request.correlationId ?? RequestContext.correlationId() ?? `svc-${randomUUID()}`;
    try {
      const response = await this.http.send<T>(request, {
        correlationId,
        timeoutMs: request.timeoutMs,
      });
      recordDependencyCall(this.dependency, 'ok');
      return response;
    } catch (caught) {
      const accepted = acceptedAnswer<T>(caught, request.accept);
      const error = accepted ? undefined : asRetryable(caught, request.retryOn);
      recordDependencyCall(this.dependency, error ? outcomeOf(error) : 'ok');
      if (accepted) return accepted;
      if (error instanceof DependencyAuthError) this.options.onAuthFailure?.(error);
      throw error;
    }
  }
}

const rejectedWith = (error: unknown, statuses: number[] = []): error is DependencyRejectedError =>
  error instanceof DependencyRejectedError && statuses.includes(error.status as number);

function acceptedAnswer<T>(error: unknown, accept?: number[]): HttpResponse<T> | undefined {
  if (!rejectedWith(error, accept)) return undefined;
  return { status: error.status as number, headers: new Headers(), body: error.problem as T };
}

function asRetryable(error: unknown, retryOn?: number[]): unknown {
  if (!rejectedWith(error, retryOn)) return error;
  const { dependency, detail, status, code } = error;
  return new DependencyUnavailableError(dependency, detail, true, status, code);
}

export const isDependencyError = (error: unknown): error is DependencyError =>
  error instanceof DependencyError;
