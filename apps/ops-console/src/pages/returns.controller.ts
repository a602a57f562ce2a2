import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import { href } from '../views/html';
import type { PageContext } from '../views/layout';
import {
  renderReturn,
  renderReturnConfirm,
  renderReturns,
  RETURN_ACTIONS,
  ReturnAction,
  ReturnFilter,
} from './returns.view';

const NOTICES: Record<ReturnAction, string> = {
  approve: 'Return approved: it carries on as authorized.',
  reject: 'Return rejected: its units can be returned again.',
  retry: 'Retry requested: the return runs again from the step that failed.',
};

const isAction = (value: string): value is ReturnAction => value in RETURN_ACTIONS;

@Controller('returns')
export class ReturnsController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  async list(@Page() ctx: PageContext, @Query() q: ReturnFilter & { cursor?: string }) {
    const filter: ReturnFilter = {
      status: q.status || undefined,
      channel: q.channel || undefined,
      orderId: q.orderId || undefined,
    };
    const page = await this.api.returns({ ...filter, cursor: q.cursor || undefined, limit: 50 });
    return renderReturns(ctx, filter, page);
  }

  @Get(':id')
  async detail(@Page() ctx: PageContext, @Param('id') id: string, @Query('done') done?: string) {
    const notice = done && isAction(done) ? NOTICES[done] : undefined;
    return renderReturn({ ...ctx, notice }, await this.api.returnDetail(id));
  }

  /** Every action is confirmed on its own page first. */
  @Get(':id/:action')
  async confirm(
    @Page() ctx: PageContext,
    @Param('id') id: string,
    @Param('action') action: string,
  ) {
    if (!isAction(action)) return this.detail(ctx, id);
    return renderReturnConfirm(ctx, await this.api.returnDetail(id), action);
  }

  @Post(':id/:action')
  async act(
    @Page() ctx: PageContext,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: { reason?: string; taxBasis?: string },
    @Res() reply: FastifyReply,
  ) {
    if (!isAction(action)) return reply.code(404).send('No such action');
    const who = `${ctx.user} (ops-console)`;
    if (action === 'approve') await this.api.returnAction(id, 'approve', { requestedBy: who });
    if (action === 'reject')
      await this.api.returnAction(id, 'reject', {
        reason: `${body.reason?.trim() || 'no reason given'} (rejected by ${who})`,
        requestedBy: who,
      });
    if (action === 'retry')
      await this.api.returnAction(id, 'retry', {
        requestedBy: who,
        ...(body.taxBasis === 'prorated' || body.taxBasis === 'quote'
          ? { taxBasis: body.taxBasis }
          : {}),
      });
    return reply.redirect(href(`/returns/${encodeURIComponent(id)}`, { done: action }), 303);
  }
}
