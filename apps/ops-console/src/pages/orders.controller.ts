import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import { href } from '../views/html';
import type { PageContext } from '../views/layout';
import {
  ORDER_ACTIONS,
  OrderAction,
  renderConfirm,
  renderOrder,
  renderOrders,
} from './orders.view';

const NOTICES: Record<string, string> = {
  retry: 'Retry requested: the order runs again from the step that failed.',
  'release-hold': 'Hold released: the order carries on.',
  cancel: 'Cancellation requested.',
};

const isAction = (value: string): value is OrderAction => value in ORDER_ACTIONS;

@Controller('orders')
export class OrdersController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  async list(
    @Page() ctx: PageContext,
    @Query()
    q: {
      channel?: string;
      status?: string;
      reason?: string;
      olderThanMinutes?: string;
      cursor?: string;
    },
  ) {
    const filters = {
      channel: q.channel || undefined,
      status: q.status || undefined,
      reason: q.reason || undefined,
      olderThanMinutes: q.olderThanMinutes || undefined,
    };
    const page = await this.api.orders({ ...filters, cursor: q.cursor || undefined, limit: 50 });
    return renderOrders(ctx, filters, page);
  }

  @Get(':id')
  async detail(@Page() ctx: PageContext, @Param('id') id: string, @Query('done') done?: string) {
    const order = await this.api.order(id);
    return renderOrder({ ...ctx, notice: done ? NOTICES[done] : undefined }, order);
  }

  /** Every action is confirmed on its own page first. */
  @Get(':id/:action')
  async confirm(
    @Page() ctx: PageContext,
    @Param('id') id: string,
    @Param('action') action: string,
  ) {
    if (!isAction(action)) return this.detail(ctx, id);
    return renderConfirm(ctx, await this.api.order(id), action);
  }

  @Post(':id/:action')
  async act(
    @Page() ctx: PageContext,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: { reason?: string; idempotencyKey?: string },
    @Res() reply: FastifyReply,
  ) {
    if (!isAction(action)) return reply.code(404).send('No such action');
    const who = `${ctx.user} (ops-console)`;
    if (action === 'retry') await this.api.retryOrder(id, who);
    if (action === 'release-hold') await this.api.releaseHold(id);
    if (action === 'cancel')
      await this.api.cancelOrder(id, body.reason || `cancelled by ${who}`, body.idempotencyKey);
    return reply.redirect(href(`/orders/${encodeURIComponent(id)}`, { done: action }), 303);
  }
}
