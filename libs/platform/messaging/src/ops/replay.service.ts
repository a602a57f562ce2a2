import { Inject, Injectable } from '@nestjs/common';
import { DLQ_STREAM } from '@retail/contracts';
import { DomainException } from '@retail/platform-http';
import { v7 as uuidv7 } from 'uuid';
import { HEADER, headersToRecord, recordToHeaders } from '../nats/headers';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import { readStream } from './stream-reader';

export interface ReplayRequest {
  /** Logical stream, e.g. `RETAIL_ORDERS`. */
  stream: string;
  fromSequence?: number;
  /** ISO 8601. */
  fromTime?: string;
  /** Logical subject filter (wildcards allowed). */
  subject?: string;
  /** Most messages to republish in one call (default and cap 10,000). */
  limit?: number;
}

export interface ReplayResult {
  replayId: string;
  stream: string;
  republished: number;
  firstSequence: number | null;
  lastSequence: number | null;
  /** True when `limit` stopped the replay before the end of the stream. */
  truncated: boolean;
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
    const { from, limit } = this.validate(req);
    const wireStream = this.nats.streamName(req.stream);
    const lastSeq = (await this.nats.jsm.streams.info(wireStream)).state.last_seq;
    const result: ReplayResult = {
      replayId: uuidv7(),
      stream: req.stream,
      republished: 0,
      firstSequence: null,
      lastSequence: null,
      truncated: false,
    };
    const filter = req.subject ? this.nats.subject(req.subject) : undefined;
    for await (const msg of readStream(this.nats, wireStream, {
      ...from,
      filter,
      untilSequence: lastSeq,
      limit,
    })) {
      const seq = msg.info.streamSequence;
      await this.nats.js.publish(msg.subject, msg.data, {
        msgID: `replay.${result.replayId}.${seq}`,
        headers: recordToHeaders(
          { ...headersToRecord(msg.headers), [HEADER.replayOf]: `${req.stream}:${seq}` },
          [HEADER.msgId],
        ),
      });
      result.firstSequence ??= seq;
      result.lastSequence = seq;
      result.republished++;
    }
    result.truncated = result.republished >= limit && (result.lastSequence ?? 0) < lastSeq;
    return result;
  }

  private validate(req: ReplayRequest): {
    from: { fromSequence?: number; fromTime?: Date };
    limit: number;
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
    if (req.subject !== undefined && !/^[a-z0-9*>._-]+$/.test(req.subject))
      throw new InvalidReplayRequestError('invalid subject');
    const limit = Math.min(Math.max(req.limit ?? MAX_REPLAY, 1), MAX_REPLAY);
    return { from: { fromSequence: req.fromSequence, fromTime }, limit };
  }
}
