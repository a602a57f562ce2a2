import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import type { NatsClient } from '../nats/nats-client';

export interface ReadOptions {
  /** Wire subject filter (one, nats-server 2.9). */
  filter?: string;
  fromSequence?: number;
  fromTime?: Date;
  /** Stop after this stream sequence (e.g. the last one when the read began). */
  untilSequence?: number;
  limit: number;
}

/**
 * Reads a stream in order through an ephemeral ordered consumer, without disturbing the
 * durable consumers. Stops at `limit`, at `untilSequence`, or when nothing is pending.
 */
export async function* readStream(
  nats: NatsClient,
  wireStream: string,
  opts: ReadOptions,
): AsyncGenerator<JsMsg> {
  const consumer = await nats.js.consumers.get(wireStream, {
    ...(opts.filter ? { filter_subjects: opts.filter } : {}),
    ...startPolicy(opts),
  });
  if ((await consumer.info(true)).num_pending === 0) return;
  let read = 0;
  while (read < opts.limit) {
    const msg = await consumer.next({ expires: 2000 });
    if (!msg) return;
    if (opts.untilSequence !== undefined && msg.info.streamSequence > opts.untilSequence) return;
    read++;
    yield msg;
    if (msg.info.pending === 0) return;
  }
}

function startPolicy(opts: ReadOptions) {
  if (opts.fromSequence !== undefined) {
    return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: opts.fromSequence };
  }
  if (opts.fromTime !== undefined) {
    return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: opts.fromTime.toISOString() };
  }
  return { deliver_policy: DeliverPolicy.All };
}
