import { Dispatcher, getGlobalDispatcher, interceptors, request } from 'undici';

/**
 * What the platform's HTTP callers send: the part of fetch's `RequestInit` they use. Node's global
 * `fetch` accepts it, so a test may still inject a `fetch`-shaped fake.
 */
export interface FetchInit {
  method?: string;
  /** A plain record, so recording fakes in tests see every header. */
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request and the reading of its body (`AbortSignal.timeout` for a deadline). */
  signal?: AbortSignal;
}

/** The headers of an answer, read by name (case-insensitive), as `Headers` does. */
export interface ReplyHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** What the callers read of an answer: the part of fetch's `Response` they use (a `Response` is one). */
export interface FetchReply {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: ReplyHeaders;
  text(): Promise<string>;
}

/** The platform's one way to make an HTTP call; injectable so unit specs can script answers. */
export type FetchFn = (url: string, init?: FetchInit) => Promise<FetchReply>;

/** Redirects followed, as `fetch` does by default (the interceptor drops credentials across origins). */
const MAX_REDIRECTIONS = 5;

let dispatcher: Dispatcher | undefined;

/**
 * The platform's HTTP call (ADR 0055): undici's `request` on the process's global dispatcher
 * (keep-alive connections per origin; a dispatcher set with `setGlobalDispatcher` before the
 * first call, a proxy say, is used), redirects followed as by `fetch`, and the body read before
 * the promise resolves. Node's global `fetch` is the same client behind the WHATWG layers
 * (`Request`, `Response`, `Headers`, web streams); they cost about 0.45 ms of CPU per call,
 * three times the call itself, on every ERP call, service call and channel push.
 *
 * Failures look like `fetch`'s, so `classifyFetchFailure` reads them the same: an aborted signal
 * rejects with its reason (a `TimeoutError` for `AbortSignal.timeout`), anything else with
 * `TypeError('fetch failed')` whose `cause` carries the socket's code (`ECONNREFUSED`, ...).
 */
export const platformFetch: FetchFn = async (url, init = {}) => {
  dispatcher ??= getGlobalDispatcher().compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
  );
  try {
    const answer = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher,
    });
    const text = await answer.body.text();
    return new PlatformReply(answer.statusCode, answer.headers, text);
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
};

class PlatformReply implements FetchReply {
  readonly headers: ReplyHeaders;

  constructor(
    readonly status: number,
    headers: Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {
    this.headers = new RecordHeaders(headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }
}

/** undici gives header names in lower case; a repeated header is an array, joined as `Headers` does. */
class RecordHeaders implements ReplyHeaders {
  constructor(private readonly record: Record<string, string | string[] | undefined>) {}

  get(name: string): string | null {
    const value = this.record[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }
}
