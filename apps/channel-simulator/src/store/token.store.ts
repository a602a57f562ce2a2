import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock, CLOCK } from '../config/tokens';

export interface IssuedToken {
  channel: 'amazon' | 'salesforce-commerce';
  /** `access`: LWA or Account Manager token; `rdt`: an Amazon Restricted Data Token. */
  kind: 'access' | 'rdt';
  expiresAt: number;
  /** RDT only: the restricted resources it unlocks ("GET /orders/v0/orders/{orderId}"...). */
  resources?: { method: string; path: string; dataElements?: string[] }[];
}

/** Access tokens the simulated authorization servers have issued (kept across /admin/reset). */
@Injectable()
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  issue(prefix: string, token: Omit<IssuedToken, 'expiresAt'>, ttlSeconds: number): string {
    const value = `${prefix}${randomBytes(24).toString('base64url')}`;
    this.tokens.set(value, { ...token, expiresAt: this.clock() + ttlSeconds * 1000 });
    return value;
  }

  valid(value: string | undefined, channel: IssuedToken['channel']): IssuedToken | undefined {
    if (!value) return undefined;
    const token = this.tokens.get(value);
    if (!token || token.channel !== channel) return undefined;
    if (token.expiresAt <= this.clock()) {
      this.tokens.delete(value);
      return undefined;
    }
    return token;
  }
}
