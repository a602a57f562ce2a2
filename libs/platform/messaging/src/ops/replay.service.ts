import { Inject, Injectable } from '@nestjs/common';
import { DLQ_STREAM } from '@retail/contracts';
import { DomainException } from '@retail/platform-http';
import { v7 as uuidv7 } from 'uuid';
import { logicalSubject } from '../naming';
import { HEADER, headersToRecord, recordToHeaders } from '../nats/headers';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import type { JsMsg } from '@nats-io/jetstream';
import { readStream } from './stream-reader';

export interface ReplayRequest {
  /** Logical stream, e.g. `RETAIL_ORDERS`. */
  stream: string;
  fromSequence?: number;
  /** ISO 8601. */
  fromTime?: string;
  /** Last stream sequence to include (exclusive with toTime). */
  toSequence?: number;
  /** Last store time to include, ISO 8601 (exclusive with toSequence). */
  toTime?: string;
  /** Logical subject filter (wildcards allowed). */
  subject?: string;
  /** Only events carrying this correlation id. */
  correlationId?: string;
  /** Answer what would be re-delivered and publish nothing. */
  dryRun?: boolean;
  /** Most messages to republish in one call (default and cap 10,000). */
  limit?: number;
}

/** One message a replay re-delivered (or, in a dry run, would re-deliver). */
export interface ReplayItem {
  sequence: number;
  subject: string;
  eventId: string | null;
  correlationId: string | null;
}

export interface ReplayResult {
  replayId: string;
  stream: string;
  republished: number;
  firstSequence: number | null;
  lastSequence: number | null;
  /** True when `limit` stopped the replay before the end of the window. */
  truncated: boolean;
  dryRun: boolean;
  /** Messages in the window that matched (republished, or would be in a dry run). */
  matched: number;
  /** The first MAX_ITEMS matched messages. */
  items: ReplayItem[];
}

const MAX_ITEMS = 100;

function envelopeOf(data: Uint8Array): { id?: string; correlationid?: string } {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) ?? {};
  } catch {
    return {};
  }
}

export class InvalidReplayRequestError extends DomainException {
  constructor(detail: string) {
    super('invalid_replay_request', 422, detail);
  }
}

const MAX_REPLAY = 10_000;

/**
 * Re-delivers stored events to every consumer of their subjects by republishing them, in order,
 * to the same subjects. Copies get a fresh `Nats-Msg-Id` per replay (JetStream would drop the
 * original id inside its window); consumers' inboxes, keyed by the CloudEvent id, make the
 * copies harmless for anything already applied. Only messages stored before the call are read,
 * so the copies never feed the replay itself.
 */
@Injectable()
export class ReplayService {
  constructor(
    private readonly nats: NatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  async replay(req: ReplayRequest): Promise<ReplayResult> {
    const { from, limit, toTime } = this.validate(req);
    const wireStream = this.nats.streamName(req.stream);
    const lastSeq = (await this.nats.jsm.streams.info(wireStream)).state.last_seq;
    const untilSequence = Math.min(lastSeq, req.toSequence ?? lastSeq);
    const result: ReplayResult = {
      replayId: uuidv7(),
      stream: req.stream,
      republished: 0,
      firstSequence: null,
      lastSequence: null,
      truncated: false,
      dryRun: req.dryRun === true,
      matched: 0,
      items: [],
    };
    const filter = req.subject ? this.nats.subject(req.subject) : undefined;
    const read = { ...from, filter, untilSequence, limit: MAX_REPLAY };
    for await (const msg of readStream(this.nats, wireStream, read)) {
      if (toTime !== undefined && msg.info.timestampNanos / 1e6 > toTime) break;
      const event = envelopeOf(msg.data);
      if (req.correlationId && event.correlationid !== req.correlationId) continue;
      if (result.matched >= limit) {
        result.truncated = true;
        break;
      }
      const seq = msg.info.streamSequence;
      if (!result.dryRun) await this.republish(result.replayId, req.stream, msg);
      result.firstSequence ??= seq;
      result.lastSequence = seq;
      result.matched++;
      if (!result.dryRun) result.republished++;
      if (result.items.length < MAX_ITEMS)
        result.items.push({
          sequence: seq,
          subject: logicalSubject(msg.subject, this.nats.namespace),
          eventId: event.id ?? null,
          correlationId: event.correlationid ?? null,
        });
    }
    return result;
  }

  private async republish(replayId: string, stream: string, msg: JsMsg): Promise<void> {
    const seq = msg.info.streamSequence;
    await this.nats.js.publish(msg.subject, msg.data, {
      msgID: `replay.${replayId}.${seq}`,
      headers: recordToHeaders(
        { ...headersToRecord(msg.headers), [HEADER.replayOf]: `${stream}:${seq}` },
        [HEADER.msgId],
      ),
    });
  }

  private validate(req: ReplayRequest): {
    from: { fromSequence?: number; fromTime?: Date };
    limit: number;
    toTime?: number;
  } {
    const known = this.opts.streams.map((s) => s.name).filter((n) => n !== DLQ_STREAM.name);
    if (!known.includes(req.stream))
      throw new InvalidReplayRequestError(`stream must be one of ${known.join(', ')}`);
    if ((req.fromSequence === undefined) === (req.fromTime === undefined)) {
      throw new InvalidReplayRequestError('give exactly one of fromSequence and fromTime');
    }
    if (
      req.fromSequence !== undefined &&
      !(Number.isInteger(req.fromSequence) && req.fromSequence >= 1)
    ) {
      throw new InvalidReplayRequestError('fromSequence must be an integer >= 1');
    }
    const fromTime = req.fromTime !== undefined ? new Date(req.fromTime) : undefined;
    if (fromTime && Number.isNaN(fromTime.getTime()))
      throw new InvalidReplayRequestError('fromTime must be ISO 8601');
    if (fromTime && fromTime.getTime() > Date.now())
      throw new InvalidReplayRequestError('the window must not start in the future');
    if (req.subject !== undefined && !/^[a-z0-9*>._-]+$/.test(req.subject))
      throw new InvalidReplayRequestError('invalid subject');
    const toTime = this.validateEnd(req, fromTime);
    const limit = Math.min(Math.max(req.limit ?? MAX_REPLAY, 1), MAX_REPLAY);
    return { from: { fromSequence: req.fromSequence, fromTime }, limit, toTime };
  }

  /** The end of the window: at most one of toSequence and toTime, never before its start. */
  private validateEnd(req: ReplayRequest, fromTime?: Date): number | undefined {
    if (req.toSequence !== undefined && req.toTime !== undefined)
      throw new InvalidReplayRequestError('give at most one of toSequence and toTime');
    if (req.toSequence !== undefined && req.toSequence < (req.fromSequence ?? 1))
      throw new InvalidReplayRequestError('toSequence must not be before fromSequence');
    if (req.toTime === undefined) return undefined;
    const toTime = new Date(req.toTime).getTime();
    if (Number.isNaN(toTime)) throw new InvalidReplayRequestError('toTime must be ISO 8601');
    if (fromTime && toTime < fromTime.getTime())
      throw new InvalidReplayRequestError('toTime must not be before fromTime');
    return toTime;
  }
}
