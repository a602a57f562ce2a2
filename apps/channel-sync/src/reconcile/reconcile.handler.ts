import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountStateStore } from '../accounts/persistence/account-state.store';
import { ChannelSyncException } from '../common/channel-sync.exception';
import { channelSyncMetrics } from '../common/metrics';
import { ChannelClients, type ConfiguredChannel } from '../channels/channel-clients';
import type { ChannelOrderRef, PullWindow } from '../channels/channel-client';
import { OrderForwarder } from '../inbound/forward/order-forwarder';
import { ORDERS_PORT, type OrdersPort } from '../inbound/forward/orders.port';
import { AvailabilityDrift, type AvailabilityDriftReport } from '../outbound/availability-drift';
import { compareOrders, type OurSide } from './domain/compare';

export interface ReconcileReport {
  channel: string;
  from: string;
  to: string;
  dryRun: boolean;
  listed: number;
  missing: string[];
  imported: number;
  mismatches: Array<{
    channelOrderId: string;
    orderId: string;
    channelStatus: string;
    status: string;
    corrected: boolean;
  }>;
  /** Channel-displayed availability vs ours; absent for a channel without a read API. */
  availability?: AvailabilityDriftReport;
}

/**
 * Compares the channel's orders updated in [from, to] with order-ingestion's: missing ones are
 * imported (forwarded with source `reconcile`), a cancellation made only in the channel is
 * applied, and the channel's displayed availability that differs from ours is pushed again; a
 * dry run imports and corrects nothing.
 */
@Injectable()
export class ReconcileHandler {
  private readonly logger = new Logger(ReconcileHandler.name);

  constructor(
    private readonly clients: ChannelClients,
    private readonly forwarder: OrderForwarder,
    private readonly accounts: AccountStateStore,
    @Inject(ORDERS_PORT) private readonly orders: OrdersPort,
    private readonly drift: AvailabilityDrift,
  ) {}

  async execute(channel: string, window: PullWindow, dryRun: boolean): Promise<ReconcileReport> {
    const configured = this.clients.get(channel);
    if (window.since.getTime() >= window.until.getTime())
      throw new ChannelSyncException('invalid-window', 422, '`from` must be before `to`');
    try {
      const listed = await this.listWindow(configured, window);
      const ours = await this.ours(configured);
      const { missing, mismatches } = compareOrders(listed, ours);
      const report: ReconcileReport = {
        channel,
        from: window.since.toISOString(),
        to: window.until.toISOString(),
        dryRun,
        listed: listed.length,
        missing: missing.map((r) => r.id),
        imported: 0,
        mismatches: [],
      };
      for (const ref of dryRun ? [] : missing) {
        const outcome = await this.forwarder.forward(configured, ref, 'reconcile', true);
        if (outcome === 'created') report.imported++;
      }
      for (const m of mismatches) {
        const corrected = !dryRun && m.correctable;
        if (corrected) await this.forwarder.forward(configured, m.ref, 'reconcile', true);
        const { ref: _ref, correctable: _c, ...listedMismatch } = m;
        report.mismatches.push({ ...listedMismatch, corrected });
      }
      const availability = await this.drift.check(configured, dryRun);
      if (availability) report.availability = availability;
      this.count(channel, report);
      await this.accounts.reconciled(channel, {
        ...report,
        missing: report.missing.length,
        at: new Date(),
      });
      this.logger.log({ ...report, missing: report.missing.length }, `reconciled ${channel}`);
      return report;
    } catch (err) {
      if (err instanceof ChannelSyncException) throw err;
      throw new ChannelSyncException(
        'channel-unavailable',
        503,
        `reconcile of ${channel} stopped: ${(err as Error).message}`,
        true,
      );
    }
  }

  private count(channel: string, report: ReconcileReport): void {
    if (report.imported) channelSyncMetrics.reconcileImported().inc({ channel }, report.imported);
    if (report.mismatches.length)
      channelSyncMetrics.reconcileMismatches().inc({ channel }, report.mismatches.length);
  }

  /** Every order the channel lists as updated in the window, newest version per id. */
  private async listWindow({ client }: ConfiguredChannel, window: PullWindow) {
    const byId = new Map<string, ChannelOrderRef>();
    let token: string | undefined;
    do {
      const page = await client.listUpdated(window, token, 100);
      for (const ref of page.orders) {
        if (ref.updatedAt.getTime() > window.until.getTime()) continue;
        const seen = byId.get(ref.id);
        if (!seen || seen.updatedAt < ref.updatedAt) byId.set(ref.id, ref);
      }
      token = page.next;
    } while (token);
    return [...byId.values()];
  }

  private async ours({ account }: ConfiguredChannel): Promise<Map<string, OurSide>> {
    const ours = new Map<string, OurSide>();
    for await (const o of this.orders.listForChannel(account.channel)) {
      ours.set(o.channelOrderId, { orderId: o.orderId, status: o.status });
    }
    return ours;
  }
}
