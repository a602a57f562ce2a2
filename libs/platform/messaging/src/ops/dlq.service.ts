import { Inject, Injectable } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import { DLQ_STREAM } from '@retail/contracts';
import { DomainException } from '@retail/platform-http';
import type { DeadLetterRecord } from '../consumers/dead-letter';
import { dlqSubject, subjectFor } from '../naming';
import { HEADER, recordToHeaders } from '../nats/headers';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import { dlqMatcher, type DlqFilter } from './dlq-filter';
import { readStream } from './stream-reader';

/** One dead letter as listed by operators; `id` is its sequence in RETAIL_DLQ. */
export interface DeadLetterEntry extends Omit<DeadLetterRecord, 'payload'> {
  id: number;
  replayed: DlqReplayMark | null;
}

/** The tombstone published to `retail.dlq._replayed.<id>` when a dead letter is replayed. */
export interface DlqReplayMark {
  dlqSequence: number;
  replayedAt: string;
  replayedBy: string;
  /** Sequence of the republished copy in the original stream. */
  republishedSequence: number;
}

export interface DlqReplayResult {
  id: number;
  status: 'replayed' | 'already-replayed';
  mark: DlqReplayMark;
}

export class DeadLetterNotFoundError extends DomainException {
  constructor(id: number) {
    super('dead_letter_not_found', 404, `no dead letter with id ${id}`);
  }
}

const REPLAYED_TOKEN = '_replayed';
const MAX_LIST = 500;
/** A newest-first page reads at most this many windows; the cursor lets the caller go on. */
const MAX_WINDOWS = 12;
const MAX_SPAN = 20_000;

export interface DlqListQuery extends DlqFilter {
  /** 1..500, default 50. */
  limit?: number;
  /** `oldest` (default) or `newest` first. */
  order?: 'oldest' | 'newest';
  /** Cursor: the RETAIL_DLQ sequence to start at (inclusive), e.g. a previous `nextCursor`. */
  fromSequence?: number;
}

/** A page of dead letters and the `fromSequence` of the next one (null: nothing further). */
export interface DlqPage {
  items: DeadLetterEntry[];
  nextCursor: number | null;
}

interface Scan {
  filter: string;
  limit: number;
  fromSequence?: number;
  matches: (entry: DeadLetterEntry) => boolean;
}

/** One dead letter with its original bytes (UTF-8 text, or base64 when they are not). */
export interface DeadLetterDetail extends DeadLetterEntry {
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
}

/**
 * Lists and replays dead letters. A replay is marked by a tombstone on RETAIL_DLQ itself rather
 * than a table: the DLQ is shared by every service, so the mark must be visible whichever
 * service's ops route performed the replay.
 */
@Injectable()
export class DlqService {
  constructor(
    private readonly nats: NatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  /** One page of dead letters (see {@link page}); kept for callers that want the array only. */
  async list(query: DlqListQuery = {}): Promise<DeadLetterEntry[]> {
    return (await this.page(query)).items;
  }

  /**
   * Dead letters, oldest first (default) or newest first, at most `limit` (default 50, max 500),
   * starting at `fromSequence` (inclusive; oldest: that id and after, newest: that id and
   * before). `nextCursor` is the `fromSequence` of the next page, or null at the end.
   */
  async page(query: DlqListQuery = {}): Promise<DlqPage> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50) || 50, 1), MAX_LIST);
    const filter = query.stream
      ? dlqSubject(query.stream, '>', this.nats.namespace)
      : subjectFor('retail.dlq.>', this.nats.namespace);
    const scan = { filter, limit, fromSequence: query.fromSequence, matches: dlqMatcher(query) };
    const found =
      query.order === 'newest' ? await this.scanNewest(scan) : await this.scanOldest(scan);
    for (const entry of found.items) entry.replayed = await this.replayMark(entry.id);
    return found;
  }

  /**
   * Republishes the dead letter's original bytes to its original subject. The `Nats-Msg-Id` is
   * derived from the DLQ id (not the bare event id, which JetStream would still drop as a
   * duplicate inside its window right after the failure), so two concurrent replays of one dead
   * letter store one copy; consumers' inboxes, keyed by the event id, drop copies after that.
   */
  async replay(id: number): Promise<DlqReplayResult> {
    const existing = await this.replayMark(id);
    if (existing) return { id, status: 'already-replayed', mark: existing };
    const record = await this.load(id);
    const eventId =
      record.event?.id ?? record.headers[HEADER.msgId] ?? `seq-${record.streamSequence}`;
    const ack = await this.nats.js.publish(
      subjectFor(record.subject, this.nats.namespace),
      Buffer.from(record.payload, 'base64'),
      {
        msgID: `${eventId}.dlq-replay.${id}`,
        headers: recordToHeaders(
          { ...record.headers, [HEADER.replayOf]: `${DLQ_STREAM.name}:${id}` },
          [HEADER.msgId],
        ),
      },
    );
    const mark = {
      dlqSequence: id,
      replayedAt: new Date().toISOString(),
      replayedBy: this.opts.serviceName,
      republishedSequence: ack.seq,
    };
    await this.nats.js.publish(this.tombstoneSubject(id), JSON.stringify(mark), {
      msgID: `dlq-replayed.${id}`,
    });
    return { id, status: 'replayed', mark };
  }

  /** One dead letter with its payload, for inspection. */
  async get(id: number): Promise<DeadLetterDetail> {
    const { payload, ...record } = await this.load(id);
    const bytes = Buffer.from(payload, 'base64');
    const text = bytes.toString('utf8');
    const utf8 = Buffer.from(text, 'utf8').equals(bytes);
    return {
      id,
      ...record,
      replayed: await this.replayMark(id),
      payload: utf8 ? text : payload,
      payloadEncoding: utf8 ? 'utf8' : 'base64',
    };
  }

  /** Reads forward from the cursor; tombstones share the unfiltered subject space and are skipped. */
  private async scanOldest(scan: Scan): Promise<DlqPage> {
    const items: DeadLetterEntry[] = [];
    let next: number | null = null;
    const read = { filter: scan.filter, fromSequence: scan.fromSequence, limit: 10 * scan.limit };
    for await (const msg of readStream(this.nats, this.dlqStream, read)) {
      const entry = this.toEntry(msg);
      if (entry && scan.matches(entry)) items.push(entry);
      next = msg.info.pending > 0 ? msg.info.streamSequence + 1 : null;
      if (items.length >= scan.limit) break;
    }
    return { items, nextCursor: next };
  }

  /**
   * JetStream only reads forward, so the newest page is read in windows of sequences walking
   * back from the cursor (or the last sequence), each read forward and then reversed.
   */
  private async scanNewest(scan: Scan): Promise<DlqPage> {
    const { first_seq: first, last_seq: last } = (await this.nats.jsm.streams.info(this.dlqStream))
      .state;
    let upper = Math.min(scan.fromSequence ?? last, last);
    let span = Math.max(2 * scan.limit, 64);
    const items: DeadLetterEntry[] = [];
    for (let window = 0; upper >= first && upper > 0 && window < MAX_WINDOWS; window++) {
      const lower = Math.max(first, upper - span + 1);
      const found = (await this.readWindow(scan.filter, lower, upper)).filter(scan.matches);
      const taken = found.slice(-(scan.limit - items.length)).reverse();
      items.push(...taken);
      if (items.length >= scan.limit) {
        const oldest = taken[taken.length - 1].id;
        return { items, nextCursor: oldest > first ? oldest - 1 : null };
      }
      upper = lower - 1;
      span = Math.min(span * 2, MAX_SPAN);
    }
    return { items, nextCursor: upper >= first && upper > 0 ? upper : null };
  }

  /** Dead letters stored at sequences lower..upper, ascending. */
  private async readWindow(filter: string, lower: number, upper: number) {
    const found: DeadLetterEntry[] = [];
    const read = { filter, fromSequence: lower, untilSequence: upper, limit: upper - lower + 1 };
    for await (const msg of readStream(this.nats, this.dlqStream, read)) {
      const entry = this.toEntry(msg);
      if (entry) found.push(entry);
    }
    return found;
  }

  private toEntry(msg: JsMsg): DeadLetterEntry | null {
    if (msg.subject.startsWith(this.tombstonePrefix)) return null;
    const { payload: _payload, ...record } = msg.json<DeadLetterRecord>();
    return { id: msg.info.streamSequence, ...record, replayed: null };
  }

  private async load(id: number): Promise<DeadLetterRecord> {
    const stored = await this.nats.jsm.streams.getMessage(this.dlqStream, { seq: id });
    if (!stored || stored.subject.startsWith(this.tombstonePrefix)) {
      throw new DeadLetterNotFoundError(id);
    }
    return stored.json<DeadLetterRecord>();
  }

  private async replayMark(id: number): Promise<DlqReplayMark | null> {
    const stored = await this.nats.jsm.streams.getMessage(this.dlqStream, {
      last_by_subj: this.tombstoneSubject(id),
    });
    return stored ? stored.json<DlqReplayMark>() : null;
  }

  private tombstoneSubject(id: number): string {
    return subjectFor(`retail.dlq.${REPLAYED_TOKEN}.${id}`, this.nats.namespace);
  }

  private get tombstonePrefix(): string {
    return subjectFor(`retail.dlq.${REPLAYED_TOKEN}.`, this.nats.namespace);
  }

  private get dlqStream(): string {
    return this.nats.streamName(DLQ_STREAM);
  }
}
