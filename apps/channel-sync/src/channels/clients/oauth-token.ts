import type { ChannelHttp } from '../http/channel-http';
import { ChannelRejectedError } from '../http/channel-errors';

/**
 * An OAuth access token fetched on first use and again shortly before it expires (Amazon LWA's
 * refresh-token grant, Salesforce's client-credentials grant). Concurrent callers share one
 * request.
 */
export class CachedToken {
  private value?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly http: ChannelHttp,
    private readonly request: () => {
      path: string;
      form: Record<string, string>;
      headers?: Record<string, string>;
    },
  ) {}

  async get(): Promise<string> {
    if (this.value && this.value.expiresAt > Date.now() + 60_000) return this.value.token;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(): Promise<string> {
    const { path, form, headers } = this.request();
    const res = await this.http.call<{ access_token?: string; expires_in?: number }>({
      operation: 'oauthToken',
      bucket: 'none',
      method: 'POST',
      path,
      form,
      headers,
    });
    const token = res.body?.access_token;
    if (res.status !== 200 || !token)
      throw new ChannelRejectedError(this.http.account.channel, res.status, 'no access_token');
    this.value = { token, expiresAt: Date.now() + 1000 * (res.body.expires_in ?? 3600) };
    return token;
  }
}
