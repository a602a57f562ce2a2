import { platformFetch, type FetchReply, type ReplyHeaders } from '@retail/platform-http-client';
import type { ChannelAccount } from '../../config/accounts';
import { channelSyncMetrics } from '../../common/metrics';
import type { RateLimitStore } from '../persistence/rate-limit.store';
import { ChannelRejectedError, ChannelUnavailableError } from './channel-errors';
import { graphqlThrottle, remainingCalls, retryAfterMs } from './retry-after';

export interface ChannelRequest {
  /** Metrics label, e.g. `getOrders`. */
  operation: string;
  /** Rate-limit bucket (default `default`); `none` for endpoints outside the budget (OAuth). */
  bucket?: string;
  /**
   * Tokens the call takes from its bucket (default 1): a cost-limited API's requested cost
   * (Shopify GraphQL: points), so the budget is counted in the vendor's own unit.
   */
  cost?: number;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path under the account's base URL (query string included), or an absolute URL. */
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** A body in another format (OCAPI batch: multipart/mixed), sent as it is. */
  raw?: { contentType: string; body: string };
}

export interface ChannelResponse<T> {
  status: number;
  body: T;
  headers: ReplyHeaders;
}

/** 429s retried per call (each after the wait the vendor asked for) before giving up. */
const MAX_THROTTLED = 8;
const MAX_WAIT_MS = 120_000;

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The one way channel-sync calls a channel API: a token from the account's shared bucket before
 * every call, every 429 retried after its Retry-After (the bucket blocked meanwhile, for every
 * replica), the vendor's remaining-calls header mirrored. 404 is returned; other 4xx throw
 * ChannelRejectedError; network errors, timeouts and 5xx throw ChannelUnavailableError.
 */
export class ChannelHttp {
  constructor(
    readonly account: ChannelAccount,
    private readonly limits: RateLimitStore,
    private readonly timeoutMs: number,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async call<T>(req: ChannelRequest): Promise<ChannelResponse<T>> {
    const bucket = req.bucket ?? 'default';
    for (let attempt = 1; ; attempt++) {
      if (bucket !== 'none') await this.acquire(bucket, req.cost ?? 1);
      const res = await this.send(req);
      if (res.status === 429) {
        this.count(req, 'throttled');
        const wait = Math.min(MAX_WAIT_MS, retryAfterMs(res.headers, 1000 * 2 ** (attempt - 1)));
        if (attempt >= MAX_THROTTLED)
          throw new ChannelUnavailableError(this.channel, `still throttled after ${attempt} tries`);
        if (bucket === 'none') await this.sleep(wait);
        else await this.limits.throttled(this.channel, bucket, wait);
        continue;
      }
      const text = await res.text().catch(() => '');
      const cost = res.status < 300 ? graphqlThrottle(parse(text)) : undefined;
      if (cost?.throttledForMs !== undefined) {
        // Refused for cost (HTTP 200, THROTTLED): the bucket holds what the vendor says is left,
        // so the next take waits until the requested cost fits.
        this.count(req, 'throttled');
        if (attempt >= MAX_THROTTLED)
          throw new ChannelUnavailableError(this.channel, `still throttled after ${attempt} tries`);
        if (bucket === 'none') await this.sleep(cost.throttledForMs);
        else await this.limits.throttled(this.channel, bucket, 0, cost.remaining);
        continue;
      }
      return this.settle<T>(req, bucket, res, text, cost?.remaining);
    }
  }

  /**
   * A write (push): as `call`, but the channel answering 404 (the order or item is unknown there)
   * is a refusal too.
   */
  async write<T>(req: ChannelRequest): Promise<ChannelResponse<T>> {
    const res = await this.call<T>(req);
    if (res.status === 404)
      throw new ChannelRejectedError(
        this.channel,
        404,
        `${req.operation}: not found`,
        typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? ''),
      );
    return res;
  }

  private get channel(): string {
    return this.account.channel;
  }

  private async acquire(bucket: string, cost: number): Promise<void> {
    const started = Date.now();
    for (;;) {
      const { granted, waitMs } = await this.limits.take(this.channel, bucket, cost);
      if (granted) break;
      await this.sleep(Math.min(MAX_WAIT_MS, Math.max(10, Math.ceil(waitMs))));
    }
    channelSyncMetrics
      .rateLimitWait()
      .observe({ channel: this.channel }, (Date.now() - started) / 1000);
  }

  private async send(req: ChannelRequest): Promise<FetchReply> {
    const url = /^https?:\/\//.test(req.path) ? req.path : `${this.account.baseUrl}${req.path}`;
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.raw) {
      headers['content-type'] = req.raw.contentType;
      body = req.raw.body;
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    try {
      return await platformFetch(url, {
        method: req.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      this.count(req, 'unavailable');
      throw new ChannelUnavailableError(this.channel, (err as Error).message);
    }
  }

  private async settle<T>(
    req: ChannelRequest,
    bucket: string,
    res: FetchReply,
    text: string,
    costRemaining: number | undefined,
  ) {
    if (res.status >= 500) {
      this.count(req, 'unavailable');
      throw new ChannelUnavailableError(
        this.channel,
        `HTTP ${res.status} on ${req.operation}`,
        res.headers.has('retry-after') ? retryAfterMs(res.headers, 0) : undefined,
      );
    }
    if (res.status >= 400 && res.status !== 404) {
      this.count(req, 'rejected');
      throw new ChannelRejectedError(
        this.channel,
        res.status,
        `${req.operation}: ${text.slice(0, 200)}`,
        text.slice(0, 4000),
      );
    }
    this.count(req, res.status === 404 ? 'not_found' : 'ok');
    const remaining = costRemaining ?? remainingCalls(res.headers);
    if (remaining !== undefined && bucket !== 'none')
      await this.limits.observedRemaining(this.channel, bucket, remaining);
    return { status: res.status, body: parse(text) as T, headers: res.headers };
  }

  private count(req: ChannelRequest, outcome: string): void {
    channelSyncMetrics.apiCalls().inc({ channel: this.channel, operation: req.operation, outcome });
  }
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
