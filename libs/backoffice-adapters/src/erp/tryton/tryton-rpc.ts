import { ERP_ERRORS, ErpThrottledError } from '../../errors';
import {
  CallContext,
  FetchFn,
  HttpErrorFactory,
  HttpJsonClient,
} from '@retail/platform-http-client';

/** Tryton's own settings (TRYTON_DATABASE, TRYTON_USER, TRYTON_PASSWORD). */
export interface TrytonSettings {
  database: string;
  user: string;
  password: string;
}

export interface TrytonRpcOptions extends TrytonSettings {
  /** trytond's URL, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  timeoutMs: number;
  fetch?: FetchFn;
}

/** Tryton's wire form of a Decimal and a date (JSON-RPC `__class__` objects). */
export interface TrytonDecimal {
  __class__: 'Decimal';
  decimal: string;
}
export interface TrytonDate {
  __class__: 'date';
  year: number;
  month: number;
  day: number;
}

export const trytonDecimal = (value: string): TrytonDecimal => ({
  __class__: 'Decimal',
  decimal: value,
});

export function trytonDate(iso: string): TrytonDate {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return { __class__: 'date', year, month, day };
}

/** A Decimal, number or string as Tryton sends it, as a string. */
export function decimalText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && 'decimal' in value) return String(value.decimal);
  return String(value);
}

/** ISO text of a Tryton datetime/date object. */
export function isoOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || !('year' in value)) return undefined;
  const v = value as Record<string, number>;
  const date = new Date(
    Date.UTC(v.year, v.month - 1, v.day, v.hour ?? 0, v.minute ?? 0, v.second ?? 0),
  );
  return date.toISOString();
}

/** How long to back off after Tryton reports a concurrent modification (HTTP 423). */
const CONCURRENCY_RETRY_MS = 500;

/**
 * Tryton's HTTP statuses (a JSON-RPC request without `id` gets them instead of an `error`
 * member): 423 Locked is its ConcurrencyException (the record changed under us: retry), 409 a
 * UserWarning, 400 a UserError (validation), 403 a failed login, 401 an expired session.
 */
const TRYTON_ERRORS: HttpErrorFactory = {
  throttled: (message, retryAfterMs, code) =>
    ERP_ERRORS.throttled(plain(message), retryAfterMs, code),
  unavailable: (message, outcomeUnknown, status, code) =>
    ERP_ERRORS.unavailable(plain(message), outcomeUnknown, status, code),
  rejected: (message, status, code, details) =>
    status === 423
      ? new ErpThrottledError(
          'erp',
          `Tryton concurrency failure: ${plain(message)}`,
          CONCURRENCY_RETRY_MS,
          'TRYTON_CONCURRENCY',
        )
      : ERP_ERRORS.rejected(plain(message), status, code ?? trytonCode(status), details),
};

/** trytond sends its errors as a small HTML page: keep the sentence in its `<p>`. */
export function plain(message: string): string {
  const paragraph = /<p>([\s\S]*?)(?:<\/p>|$)/.exec(message);
  if (!paragraph) return message;
  const text = paragraph[1]
    .replace(/<[^>]*>/g, '')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s*-\s*$/, '')
    .trim();
  return `${message.slice(0, message.indexOf(':') + 1)} ${text}`;
}

function trytonCode(status: number): string | undefined {
  return {
    400: 'TRYTON_USER_ERROR',
    401: 'TRYTON_SESSION',
    403: 'TRYTON_LOGIN',
    409: 'TRYTON_WARNING',
  }[status];
}

type Json = unknown;

/**
 * Tryton's JSON-RPC (`POST /<database>/` with `{method, params}`) over the platform HTTP
 * client: one session per adapter, opened on first use and reopened once when it expires.
 */
export class TrytonRpc {
  private readonly http: HttpJsonClient;
  private session?: Promise<{ authorization: string; context: Record<string, Json> }>;

  constructor(private readonly options: TrytonRpcOptions) {
    this.http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      errors: TRYTON_ERRORS,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });
  }

  /** `model.<name>.<method>(...args, context)` with the user's context merged into `context`. */
  async model<T>(
    name: string,
    method: string,
    args: Json[],
    ctx: CallContext,
    context: Record<string, Json> = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.open(ctx);
      try {
        return await this.post<T>(
          `model.${name}.${method}`,
          [...args, { ...session.context, ...context }],
          ctx,
          session.authorization,
        );
      } catch (error) {
        if (attempt > 0 || (error as { code?: string }).code !== 'TRYTON_SESSION') throw error;
        this.session = undefined;
      }
    }
  }

  private open(ctx: CallContext) {
    if (!this.session) {
      this.session = this.login(ctx);
      this.session.catch(() => (this.session = undefined));
    }
    return this.session;
  }

  private async login(ctx: CallContext) {
    const { user, password } = this.options;
    const [userId, session] = await this.post<[number, string]>(
      'common.db.login',
      [user, { password }, 'en'],
      ctx,
    );
    const authorization = `Session ${Buffer.from(`${user}:${userId}:${session}`).toString('base64')}`;
    const context = await this.post<Record<string, Json>>(
      'model.res.user.get_preferences',
      [true, {}],
      ctx,
      authorization,
    );
    return { authorization, context };
  }

  private async post<T>(
    method: string,
    params: Json[],
    ctx: CallContext,
    authorization?: string,
  ): Promise<T> {
    const response = await this.http.send<T>(
      {
        method: 'POST',
        path: `/${encodeURIComponent(this.options.database)}/`,
        body: { method, params },
        headers: authorization ? { authorization } : {},
      },
      ctx,
    );
    return response.body as T;
  }
}
