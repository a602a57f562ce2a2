import { RequestContext } from '@retail/platform-observability';

/** A service we call could not be reached or failed (5xx, 429, timeout): try again later. */
export class DependencyUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly dependency: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${dependency}: ${message}`);
    this.name = 'DependencyUnavailableError';
  }
}

/** A service we call refused the request (4xx): sending it again will not help. */
export class DependencyRejectedError extends Error {
  readonly retryable = false;
  constructor(
    readonly dependency: string,
    message: string,
    readonly status: number,
    readonly body?: unknown,
  ) {
    super(`${dependency}: ${message}`);
    this.name = 'DependencyRejectedError';
  }
}

export interface JsonCall {
  dependency: string;
  method: 'GET' | 'POST';
  url: string;
  apiKey: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

async function send(call: JsonCall): Promise<Response> {
  const correlationId = RequestContext.correlationId();
  try {
    return await fetch(call.url, {
      method: call.method,
      headers: {
        accept: 'application/json',
        'x-api-key': call.apiKey,
        ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new DependencyUnavailableError(call.dependency, (error as Error).message);
  }
}

/** JSON over HTTP with our API key and correlation id; 404 is returned, other failures thrown. */
export async function callJson<T>(call: JsonCall): Promise<JsonAnswer<T | undefined>> {
  const response = await send(call);
  const text = await response.text();
  const body = text ? (JSON.parse(text) as T) : undefined;
  if (response.status === 404) return { status: 404, body: undefined };
  if (response.status >= 500 || response.status === 429 || response.status === 409) {
    throw new DependencyUnavailableError(
      call.dependency,
      `HTTP ${response.status}`,
      response.status,
    );
  }
  if (response.status >= 400) {
    const detail = (body as { detail?: string } | undefined)?.detail ?? text.slice(0, 300);
    throw new DependencyRejectedError(
      call.dependency,
      `HTTP ${response.status}: ${detail}`,
      response.status,
      body,
    );
  }
  return { status: response.status, body };
}
