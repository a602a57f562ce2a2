import { Inject, Injectable } from '@nestjs/common';
import { DLQ_STREAM } from '@retail/contracts';
import { DomainException } from '@retail/platform-http';
import type { DeadLetterRecord } from '../consumers/dead-letter';
import { dlqSubject, subjectFor } from '../naming';
import { HEADER, recordToHeaders } from '../nats/headers';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
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

  async list(query: { stream?: string; limit?: number } = {}): Promise<DeadLetterEntry[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const filter = query.stream
      ? dlqSubject(query.stream, '>', this.nats.namespace)
      : subjectFor('retail.dlq.>', this.nats.namespace);
    const entries: DeadLetterEntry[] = [];
    const tombstonePrefix = subjectFor(`retail.dlq.${REPLAYED_TOKEN}.`, this.nats.namespace);
    for await (const msg of readStream(this.nats, this.dlqStream, { filter, limit: 10 * limit })) {
      if (msg.subject.startsWith(tombstonePrefix)) continue;
      const { payload: _payload, ...record } = msg.json<DeadLetterRecord>();
      entries.push({ id: msg.info.streamSequence, ...record, replayed: null });
      if (entries.length >= limit) break;
    }
    for (const entry of entries) entry.replayed = await this.replayMark(entry.id);
    return entries;
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

  private async load(id: number): Promise<DeadLetterRecord> {
    const stored = await this.nats.jsm.streams.getMessage(this.dlqStream, { seq: id });
    if (
      !stored ||
      stored.subject.startsWith(subjectFor(`retail.dlq.${REPLAYED_TOKEN}.`, this.nats.namespace))
    ) {
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

  private get dlqStream(): string {
    return this.nats.streamName(DLQ_STREAM);
  }
}
