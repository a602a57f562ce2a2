import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AccountState {
  account: string;
  channel: string;
  /** Every order updated before this was forwarded (null: never pulled). */
  cursorAt: Date | null;
  /** The window being pulled, and the next page in it (resumed after a crash). */
  windowStart: Date | null;
  windowEnd: Date | null;
  pageToken: string | null;
  lastPullStartedAt: Date | null;
  lastPullSucceededAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastReconcile: unknown;
}

/** Per-account pull state: the cursor, the window in progress, the last error. */
@Injectable()
export class AccountStateStore {
  constructor(private readonly db: DataSource) {}

  async ensure(account: string, channel: string): Promise<void> {
    await this.db.query(
      `INSERT INTO channel_accounts (account, channel) VALUES ($1, $2)
       ON CONFLICT (account) DO NOTHING`,
      [account, channel],
    );
  }

  async read(account: string): Promise<AccountState | undefined> {
    const rows = await this.db.query(`SELECT * FROM channel_accounts WHERE account = $1`, [
      account,
    ]);
    return rows.length ? toState(rows[0]) : undefined;
  }

  async list(): Promise<AccountState[]> {
    const rows = await this.db.query(`SELECT * FROM channel_accounts ORDER BY account`);
    return rows.map(toState);
  }

  /** A window opened (or resumed): nothing of it is committed until `completeWindow`. */
  async openWindow(account: string, start: Date, end: Date): Promise<void> {
    await this.db.query(
      `UPDATE channel_accounts SET window_start = $2, window_end = $3, page_token = NULL,
              last_pull_started_at = now(), updated_at = now() WHERE account = $1`,
      [account, start, end],
    );
  }

  /** Every order of the pages before `pageToken` was acknowledged. */
  async pageDone(account: string, pageToken: string): Promise<void> {
    await this.db.query(
      `UPDATE channel_accounts SET page_token = $2, updated_at = now() WHERE account = $1`,
      [account, pageToken],
    );
  }

  /** The whole window was forwarded: the cursor moves to its end (never backwards). */
  async completeWindow(account: string): Promise<void> {
    await this.db.query(
      `UPDATE channel_accounts
          SET cursor_at = GREATEST(COALESCE(cursor_at, window_end), window_end),
              window_start = NULL, window_end = NULL, page_token = NULL,
              last_pull_succeeded_at = now(), last_error = NULL, updated_at = now()
        WHERE account = $1`,
      [account],
    );
  }

  /** A page token the channel no longer accepts: the window restarts from its first page. */
  async restartWindow(account: string): Promise<void> {
    await this.db.query(
      `UPDATE channel_accounts SET page_token = NULL, updated_at = now() WHERE account = $1`,
      [account],
    );
  }

  async failed(account: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE channel_accounts SET last_error = $2, last_error_at = now(), updated_at = now()
        WHERE account = $1`,
      [account, error.slice(0, 1000)],
    );
  }

  async reconciled(account: string, summary: unknown): Promise<void> {
    await this.db.query(
      `UPDATE channel_accounts SET last_reconcile = $2, updated_at = now() WHERE account = $1`,
      [account, JSON.stringify(summary)],
    );
  }
}

function toState(r: Record<string, any>): AccountState {
  return {
    account: r.account,
    channel: r.channel,
    cursorAt: r.cursor_at,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    pageToken: r.page_token,
    lastPullStartedAt: r.last_pull_started_at,
    lastPullSucceededAt: r.last_pull_succeeded_at,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at,
    lastReconcile: r.last_reconcile,
  };
}
