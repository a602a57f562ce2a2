import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { DependencyRejectedError } from '@retail/platform-http-client';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import type { PageContext } from '../views/layout';
import {
  InventoryFilter,
  OrdersWindow,
  RefundsWindow,
  renderChannelReconcile,
  renderInventoryDrift,
  renderReconciliation,
  renderRefundDrift,
} from './reconciliation.view';

const DAY_MS = 24 * 3600 * 1000;

/** ISO 8601 as channel-sync wants it (strict), or the text as given when it is not a time. */
const iso = (value: string) => {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
};

/**
 * Reconciliation with the systems of record: inventory vs the ERP (a read), orders vs a channel
 * (a dry run first; importing the missing orders is confirmed from its result), and refunds vs
 * the payment provider (a read; each drift names the action).
 */
@Controller('reconciliation')
export class ReconciliationController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  async page(@Page() ctx: PageContext, @Query() q: OrdersWindow) {
    const w = this.defaultWindow(q);
    return renderReconciliation(ctx, await this.channelNames(), w);
  }

  /** The window a form starts with: the one given, else the last 24 hours. */
  private defaultWindow(q: OrdersWindow): OrdersWindow {
    const now = Date.now();
    return {
      channel: q.channel || undefined,
      from: q.from || new Date(now - DAY_MS).toISOString(),
      to: q.to || new Date(now).toISOString(),
    };
  }

  @Get('inventory')
  async inventory(@Page() ctx: PageContext, @Query() q: InventoryFilter) {
    const f = { sku: q.sku?.trim() || undefined, locationId: q.locationId?.trim() || undefined };
    return renderInventoryDrift(ctx, f, await this.api.inventoryReconciliation(f));
  }

  /** Refunds vs payments: a read of the returns service; a refused window comes back as the form. */
  @Get('refunds')
  async refunds(@Page() ctx: PageContext, @Query() q: RefundsWindow) {
    const w = { from: q.from?.trim() ?? '', to: q.to?.trim() ?? '' };
    try {
      return renderRefundDrift(
        ctx,
        await this.api.refundReconciliation({ from: iso(w.from), to: iso(w.to) }),
      );
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      return renderReconciliation(
        { ...ctx, error: `returns refused: ${error.detail}` },
        await this.channelNames(),
        this.defaultWindow({}),
        w,
      );
    }
  }

  @Post('orders/dry-run')
  dryRun(@Page() ctx: PageContext, @Body() body: OrdersWindow) {
    return this.orders(ctx, body, true);
  }

  @Post('orders/import')
  importMissing(@Page() ctx: PageContext, @Body() body: OrdersWindow) {
    return this.orders(ctx, body, false);
  }

  /** A window channel-sync refuses comes back as the form with the reason, values kept. */
  private async orders(ctx: PageContext, body: OrdersWindow, dryRun: boolean) {
    const w = { channel: body.channel?.trim(), from: body.from?.trim(), to: body.to?.trim() };
    try {
      const report = await this.api.reconcileChannel(w.channel ?? '', {
        from: iso(w.from ?? ''),
        to: iso(w.to ?? ''),
        dryRun,
      });
      return renderChannelReconcile(ctx, report, w);
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      return renderReconciliation(
        { ...ctx, error: `channel-sync refused: ${error.detail}` },
        await this.channelNames(),
        w,
      );
    }
  }

  private async channelNames(): Promise<string[] | undefined> {
    try {
      const answer = await this.api.channels();
      return (Array.isArray(answer) ? answer : answer.items).map((c) => c.channel);
    } catch {
      return undefined;
    }
  }
}
