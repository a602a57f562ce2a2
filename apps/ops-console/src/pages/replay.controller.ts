import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { DependencyRejectedError } from '@retail/platform-http-client';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import type { PageContext } from '../views/layout';
import { renderReplayForm, renderStreamReplay, ReplayForm } from './replay.view';

const clean = (f: ReplayForm): ReplayForm => ({
  stream: f.stream || undefined,
  from: f.from?.trim() || undefined,
  to: f.to?.trim() || undefined,
  subject: f.subject?.trim() || undefined,
  correlationId: f.correlationId?.trim() || undefined,
});

/** A bound of the window: digits are a stream sequence, anything else an ISO 8601 time. */
function bound(value: string, which: 'from' | 'to'): Record<string, string | number> {
  if (/^\d+$/.test(value)) return { [`${which}Sequence`]: Number(value) };
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new BadWindow(`"${value}" is neither a stream sequence nor an ISO 8601 time`);
  return { [`${which}Time`]: new Date(time).toISOString() };
}

class BadWindow extends Error {}

/**
 * Replay of a stream window (by sequence or time, subject, correlation id): a dry run first,
 * whose page lists what would be re-delivered and carries the confirm button.
 */
@Controller('replay')
export class ReplayController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  form(@Page() ctx: PageContext, @Query() q: ReplayForm) {
    return renderReplayForm(ctx, clean(q));
  }

  @Post('dry-run')
  dryRun(@Page() ctx: PageContext, @Body() body: ReplayForm) {
    return this.run(ctx, clean(body), true);
  }

  @Post()
  replay(@Page() ctx: PageContext, @Body() body: ReplayForm) {
    return this.run(ctx, clean(body), false);
  }

  /** A window the platform refuses comes back as the form with the reason, values kept. */
  private async run(ctx: PageContext, f: ReplayForm, dryRun: boolean) {
    try {
      if (!f.stream || !f.from) throw new BadWindow('Give a stream and where the window starts.');
      const answer = await this.api.replayStream({
        stream: f.stream,
        ...bound(f.from, 'from'),
        ...(f.to ? bound(f.to, 'to') : {}),
        ...(f.subject ? { subject: f.subject } : {}),
        ...(f.correlationId ? { correlationId: f.correlationId } : {}),
        dryRun,
      });
      return renderStreamReplay(ctx, answer, f);
    } catch (error) {
      if (error instanceof BadWindow) return renderReplayForm({ ...ctx, error: error.message }, f);
      if (error instanceof DependencyRejectedError && error.status === 422)
        return renderReplayForm({ ...ctx, error: `Refused: ${error.detail}` }, f);
      throw error;
    }
  }
}
