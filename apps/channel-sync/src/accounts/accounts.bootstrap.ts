import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { collectedGauge } from '@retail/platform-observability';
import { DataSource } from 'typeorm';
import { ChannelClients } from '../channels/channel-clients';
import { RateLimitStore } from '../channels/persistence/rate-limit.store';
import { AccountStateStore } from './persistence/account-state.store';

/**
 * Registers every configured account (its state row and rate-limit buckets, a changed limit
 * applied) and the metrics read from them at scrape time.
 */
@Injectable()
export class AccountsBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly clients: ChannelClients,
    private readonly accounts: AccountStateStore,
    private readonly limits: RateLimitStore,
    private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { account } of this.clients.all()) {
      await this.accounts.ensure(account.channel, account.channel);
      for (const [bucket, limit] of Object.entries(account.buckets)) {
        await this.limits.ensure(account.channel, bucket, limit);
      }
    }
    this.registerGauges();
  }

  private registerGauges(): void {
    collectedGauge(
      'retail_channel_pull_lag_seconds',
      'Seconds between now and the account cursor (every order updated before it was forwarded)',
      ['channel'],
      async () => {
        const rows: Array<{ channel: string; lag: number | null }> = await this.db.query(
          `SELECT channel, EXTRACT(EPOCH FROM now() - COALESCE(cursor_at, updated_at))::float8 AS lag
             FROM channel_accounts`,
        );
        return rows.map((r) => ({ labels: { channel: r.channel }, value: Number(r.lag ?? 0) }));
      },
    );
    collectedGauge(
      'retail_channel_pull_failing',
      '1 while the last pull of the account failed (last_error set), else 0',
      ['channel'],
      async () => {
        const rows: Array<{ channel: string; failing: boolean }> = await this.db.query(
          `SELECT channel, last_error IS NOT NULL AS failing FROM channel_accounts`,
        );
        return rows.map((r) => ({ labels: { channel: r.channel }, value: r.failing ? 1 : 0 }));
      },
    );
    collectedGauge(
      'retail_channel_orders_refused',
      'Channel orders order-ingestion refused (4xx), latest version per order',
      ['channel'],
      async () => {
        const rows: Array<{ account: string; n: string }> = await this.db.query(
          `SELECT account, count(*) AS n FROM forwarded_orders
            WHERE rejected_reason IS NOT NULL GROUP BY account`,
        );
        return rows.map((r) => ({ labels: { channel: r.account }, value: Number(r.n) }));
      },
    );
  }
}
