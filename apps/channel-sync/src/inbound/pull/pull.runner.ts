import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { SessionLock } from '@retail/platform-persistence';
import { AccountStateStore } from '../../accounts/persistence/account-state.store';
import { ChannelSyncException } from '../../common/channel-sync.exception';
import { channelSyncMetrics } from '../../common/metrics';
import { ChannelClients, type ConfiguredChannel } from '../../channels/channel-clients';
import type { OrderPage, PullWindow } from '../../channels/channel-client';
import { ChannelRejectedError } from '../../channels/http/channel-errors';
import type { ChannelSyncConfig } from '../../config/env';
import { planWindow } from '../domain/pull-window';
import { type ForwardOutcome, OrderForwarder } from '../forward/order-forwarder';

export interface PullReport {
  channel: string;
  status: 'completed' | 'busy';
  window?: { since: string; until: string; resumed: boolean };
  pages: number;
  listed: number;
  forwarded: Record<ForwardOutcome, number>;
}

/** Orders forwarded at once within one page (each still draws from the account's budget). */
const PAGE_CONCURRENCY = 4;

/**
 * One pull of one account: plan the window, list its pages, forward what is new, and move the
 * cursor only when the whole window is acknowledged. The page token is saved after each page
 * so an interrupted window resumes where it stopped; an expired token restarts the window.
 * One puller per account across replicas (advisory lock).
 */
@Injectable()
export class PullRunner {
  private readonly logger = new Logger(PullRunner.name);

  constructor(
    private readonly clients: ChannelClients,
    private readonly accounts: AccountStateStore,
    private readonly forwarder: OrderForwarder,
    private readonly lock: SessionLock,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelSyncConfig,
  ) {}

  async pull(channel: string): Promise<PullReport> {
    const configured = this.clients.get(channel);
    const release = await this.lock.tryAcquire(`${this.config.schema}:pull:${channel}`);
    const report: PullReport = { channel, status: 'busy', pages: 0, listed: 0, forwarded: tally() };
    if (!release) return report;
    try {
      await this.run(configured, report);
      channelSyncMetrics.pulls().inc({ channel, outcome: 'completed' });
      return report;
    } catch (err) {
      channelSyncMetrics.pulls().inc({ channel, outcome: 'failed' });
      await this.accounts.failed(channel, (err as Error).message).catch(() => undefined);
      throw new ChannelSyncException(
        'channel-unavailable',
        503,
        `pull of ${channel} stopped (resumes on the next pull): ${(err as Error).message}`,
        true,
      );
    } finally {
      await release();
    }
  }

  private async run(configured: ConfiguredChannel, report: PullReport): Promise<void> {
    const channel = configured.account.channel;
    const state = await this.accounts.read(channel);
    const env = this.config.env;
    const planned = planWindow(state ?? empty, new Date(), {
      skewMs: env.CHANNEL_SYNC_SKEW_SECONDS * 1000,
      settleMs: env.CHANNEL_SYNC_SETTLE_SECONDS * 1000,
      initialLookbackMs: env.CHANNEL_SYNC_INITIAL_LOOKBACK_HOURS * 3_600_000,
    });
    if (!planned.resumed) await this.accounts.openWindow(channel, planned.since, planned.until);
    report.window = {
      since: planned.since.toISOString(),
      until: planned.until.toISOString(),
      resumed: planned.resumed,
    };
    let token = planned.resumed ? (state?.pageToken ?? undefined) : undefined;
    do {
      const page = await this.listPage(configured, planned, token);
      token = page.restarted ? undefined : token;
      report.pages++;
      report.listed += page.orders.length;
      await this.forwardPage(configured, page, report);
      token = page.next;
      if (token) await this.accounts.pageDone(channel, token);
    } while (token);
    await this.accounts.completeWindow(channel);
    report.status = 'completed';
    this.logger.log({ ...report }, `pull of ${channel} completed`);
  }

  /** A page; a saved page token the channel refuses (expired) restarts the window once. */
  private async listPage(
    { account, client }: ConfiguredChannel,
    window: PullWindow,
    token: string | undefined,
  ): Promise<OrderPage & { restarted?: boolean }> {
    const size = this.config.env.CHANNEL_SYNC_PAGE_SIZE;
    try {
      return await client.listUpdated(window, token, size);
    } catch (err) {
      if (!token || !(err instanceof ChannelRejectedError) || err.status !== 400) throw err;
      this.logger.warn({ channel: account.channel }, 'page token refused; window restarts');
      await this.accounts.restartWindow(account.channel);
      return { ...(await client.listUpdated(window, undefined, size)), restarted: true };
    }
  }

  private async forwardPage(configured: ConfiguredChannel, page: OrderPage, report: PullReport) {
    const queue = [...page.orders];
    let failed = false;
    const worker = async () => {
      for (let ref = queue.shift(); ref && !failed; ref = queue.shift()) {
        try {
          report.forwarded[await this.forwarder.forward(configured, ref, 'pull')]++;
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    const results = await Promise.allSettled(Array.from({ length: PAGE_CONCURRENCY }, worker));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
}

const empty = { cursorAt: null, windowStart: null, windowEnd: null };
const tally = (): Record<ForwardOutcome, number> => ({
  skipped: 0,
  created: 0,
  known: 0,
  rejected: 0,
});
