import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import type { PageContext } from '../views/layout';
import {
  DlqFilter,
  renderDeadLetter,
  renderDeadLetters,
  renderReplayAnswer,
} from './dead-letters.view';

const clean = (q: DlqFilter): DlqFilter => ({
  stream: q.stream || undefined,
  consumer: q.consumer || undefined,
  reason: q.reason || undefined,
  from: q.from || undefined,
  to: q.to || undefined,
});

/**
 * Dead letters: filter, inspect, and replay one or a whole filter, always through a dry run
 * first: the dry-run page lists what would be re-delivered and carries the confirm button.
 */
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  async list(@Page() ctx: PageContext, @Query() q: DlqFilter & { cursor?: string }) {
    const filter = clean(q);
    const page = await this.api.deadLetters({
      ...filter,
      fromSequence: q.cursor || undefined,
      order: 'newest',
      limit: 100,
    });
    return renderDeadLetters(ctx, filter, page.body, page.next);
  }

  @Get(':id')
  async detail(@Page() ctx: PageContext, @Param('id', ParseIntPipe) id: number) {
    return renderDeadLetter(ctx, await this.api.deadLetter(id));
  }

  @Post(':id/dry-run')
  async dryRunOne(@Page() ctx: PageContext, @Param('id', ParseIntPipe) id: number) {
    const answer = await this.api.replayDeadLetters({ ids: [id], dryRun: true });
    return renderReplayAnswer(ctx, answer, { ids: [id] });
  }

  @Post(':id/replay')
  async replayOne(@Page() ctx: PageContext, @Param('id', ParseIntPipe) id: number) {
    const answer = await this.api.replayDeadLetters({ ids: [id], dryRun: false });
    return renderReplayAnswer(ctx, answer, { ids: [id] });
  }

  @Post('dry-run')
  async dryRunFilter(@Page() ctx: PageContext, @Body() body: DlqFilter) {
    const filter = clean(body);
    const answer = await this.api.replayDeadLetters({ filter: { ...filter }, dryRun: true });
    return renderReplayAnswer(ctx, answer, { filter });
  }

  @Post('replay')
  async replayFilter(@Page() ctx: PageContext, @Body() body: DlqFilter) {
    const filter = clean(body);
    const answer = await this.api.replayDeadLetters({ filter: { ...filter }, dryRun: false });
    return renderReplayAnswer(ctx, answer, { filter });
  }
}
