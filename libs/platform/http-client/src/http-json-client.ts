import { classifyFetchFailure, classifyResponse, HttpErrorFactory } from './classify';
import { FetchFn, FetchInit, FetchReply, platformFetch, ReplyHeaders } from './platform-fetch';

/** Per-call context every adapter method takes. */
export interface CallContext {
  /** Sent as `x-correlation-id`, so the back-office call can be traced to its cause. */
  correlationId: string;
  /** Overrides the adapter's default timeout for this call. */
  timeoutMs?: number;
}

/** What every HTTP adapter takes. */
export interface HttpAdapterOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Extra headers on every call (credentials of a real provider). */
  headers?: Record<string, string>;
  fetch?: FetchFn;
}

export interface HttpJsonClientOptions {
  baseUrl: string;
  errors: HttpErrorFactory;
  /** Default per-call timeout (AbortSignal.timeout). */
  timeoutMs: number;
  /** Extra headers on every call (e.g. Authorization for a real ERP). */
  headers?: Record<string, string>;
  /** Injectable for unit tests; defaults to the platform's HTTP call (`platformFetch`, ADR 0055). */
  fetch?: FetchFn;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResponse<T> {
  status: number;
  headers: ReplyHeaders;
  body: T | undefined;
}

/** Thin JSON-over-HTTP client: one place for timeouts, correlation ids and error mapping. */
export class HttpJsonClient {
  private readonly fetchFn: FetchFn;

  constructor(private readonly options: HttpJsonClientOptions) {
    this.fetchFn = options.fetch ?? platformFetch;
  }

  async send<T>(request: HttpRequest, ctx: CallContext): Promise<HttpResponse<T>> {
    const url = buildUrl(this.options.baseUrl, request.path, request.query);
    const init: FetchInit = {
      method: request.method,
      headers: this.headersFor(request, ctx),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(ctx.timeoutMs ?? this.options.timeoutMs),
    };
    let response: FetchReply;
    let body: T | undefined;
    try {
      response = await this.fetchFn(url, init);
      body = await readJson<T>(response);
    } catch (error) {
      throw classifyFetchFailure(error, this.options.errors);
    }
    const failure = classifyResponse(response.status, response.headers, body, this.options.errors);
    if (failure) throw failure;
    return { status: response.status, headers: response.headers, body };
  }

  private headersFor(request: HttpRequest, ctx: CallContext): Record<string, string> {
    return {
      accept: 'application/json',
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...this.options.headers,
      ...request.headers,
      'x-correlation-id': ctx.correlationId,
    };
  }
}

export function buildUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, string | number | undefined>,
): string {
  const url = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (path.startsWith('/')) url.pathname = joinPath(new URL(baseUrl).pathname, path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function joinPath(basePath: string, path: string): string {
  return `${basePath.replace(/\/+$/, '')}${path}`;
}

async function readJson<T>(response: FetchReply): Promise<T | undefined> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A proxy's HTML error page: keep the text so the error message can show it.
    return { detail: text.slice(0, 200) } as T;
  }
}
