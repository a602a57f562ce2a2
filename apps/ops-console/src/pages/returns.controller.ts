import { Controller, Get, Param, Query } from '@nestjs/common';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import type { PageContext } from '../views/layout';
import { renderReturn, renderReturns, ReturnFilter } from './returns.view';

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
  async detail(@Page() ctx: PageContext, @Param('id') id: string) {
    return renderReturn(ctx, await this.api.returnDetail(id));
  }
}
