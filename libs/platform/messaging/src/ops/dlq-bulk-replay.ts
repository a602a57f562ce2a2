import { Injectable } from '@nestjs/common';
import { DomainException } from '@retail/platform-http';
import { isEmptyFilter, type DlqFilter } from './dlq-filter';
import { DlqService, type DeadLetterEntry } from './dlq.service';

/** At most this many dead letters per bulk request; the caller narrows the filter or repeats. */
export const MAX_BULK_REPLAY = 1000;

export interface DlqBulkReplayRequest {
  /** Dead letters by id, or */
  ids?: number[];
  /** every dead letter matching a filter (at least one field). */
  filter?: DlqFilter;
  /** Answer what would be re-delivered and publish nothing. */
  dryRun: boolean;
}

export interface DlqBulkReplayItem {
  id: number;
  subject: string;
  eventId: string | null;
  correlationId: string | null;
  outcome: 'would-replay' | 'replayed' | 'already-replayed';
}

export interface DlqBulkReplayResult {
  dryRun: boolean;
  matched: number;
  items: DlqBulkReplayItem[];
  /** True when more than MAX_BULK_REPLAY matched: the rest was left alone. */
  truncated: boolean;
}

export class InvalidDlqReplayError extends DomainException {
  constructor(detail: string) {
    super('invalid_dlq_replay', 422, detail);
  }
}

/**
 * Replays a selection (ids) or a filter of dead letters, each through DlqService.replay (so a
 * dead letter is republished once, whoever asks, and marked). A dry run resolves the same
 * selection and publishes nothing.
 */
@Injectable()
export class DlqBulkReplay {
  constructor(private readonly dlq: DlqService) {}

  async execute(req: DlqBulkReplayRequest): Promise<DlqBulkReplayResult> {
    const { entries, truncated } = await this.select(req);
    const items: DlqBulkReplayItem[] = [];
    for (const entry of entries) {
      const base = {
        id: entry.id,
        subject: entry.subject,
        eventId: entry.event?.id ?? null,
        correlationId: entry.event?.correlationid ?? null,
      };
      if (entry.replayed) items.push({ ...base, outcome: 'already-replayed' });
      else if (req.dryRun) items.push({ ...base, outcome: 'would-replay' });
      else {
        const done = await this.dlq.replay(entry.id);
        items.push({
          ...base,
          outcome: done.status === 'replayed' ? 'replayed' : 'already-replayed',
        });
      }
    }
    return { dryRun: req.dryRun, matched: entries.length, items, truncated };
  }

  private async select(req: DlqBulkReplayRequest) {
    const byIds = req.ids !== undefined && req.ids.length > 0;
    const byFilter = req.filter !== undefined && !isEmptyFilter(req.filter);
    if (byIds === byFilter)
      throw new InvalidDlqReplayError('give either ids or a filter with at least one field');
    if (byIds) {
      if (req.ids!.length > MAX_BULK_REPLAY)
        throw new InvalidDlqReplayError(`at most ${MAX_BULK_REPLAY} ids per request`);
      const entries: DeadLetterEntry[] = [];
      for (const id of [...new Set(req.ids!)]) entries.push(await this.dlq.get(id));
      return { entries, truncated: false };
    }
    const entries: DeadLetterEntry[] = [];
    let cursor: number | undefined;
    do {
      const page = await this.dlq.page({ ...req.filter, limit: 500, fromSequence: cursor });
      entries.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && entries.length <= MAX_BULK_REPLAY);
    return {
      entries: entries.slice(0, MAX_BULK_REPLAY),
      truncated: entries.length > MAX_BULK_REPLAY,
    };
  }
}
