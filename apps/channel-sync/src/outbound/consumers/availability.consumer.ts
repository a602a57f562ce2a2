import { Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import {
  AvailabilityChangedEvent,
  DOMAIN_STREAMS,
  SUBJECTS,
  validateEventData,
} from '@retail/contracts';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import {
  type BatchItem,
  type BatchItemResult,
  ConsumeEvents,
  type JetStreamBatchHandler,
  NonRetryableError,
  Ok,
  Skipped,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { ChannelClients } from '../../channels/channel-clients';
import { availabilityTargets } from '../domain/availability-targets';
import {
  OutboundAvailabilityStore,
  type VersionedTarget,
} from '../persistence/outbound-availability.store';
import { OutboundQueue } from '../persistence/outbound-queue';

/** Batches handled at once. */
const LANES = 2;
/** Events per batch: one transaction and one upsert for all of them. */
const BATCH = 1000;
/** How long a batch waits to fill before it is handed over. */
const LINGER_MS = 100;
let nextLane = 0;

/**
 * `retail.inventory.v1.availability.changed` for a configured account: the figures the channel
 * should show (channel SKUs from master data's mappings, channel locations from the account's
 * location map) replace older ones, and the account's availability job is due. Idempotent
 * without an inbox: a redelivered or older event (lower `sequence`) changes no row.
 *
 * Inventory publishes one event per SKU and channel (about 6 per change at 6 channels), so one
 * event per transaction was the bottleneck of availability at scale (ADR 0023, 0027): events come
 * in batches of up to `BATCH`, each batch one transaction with one set-based upsert (the highest
 * sequence per account, channel SKU and location wins) and one `availabilityDue` per account.
 * Batches go to `LANES` lanes in turn, order not kept: it need not be, the upsert keeps the
 * highest sequence whatever order the events of a SKU are handled in. An invalid event is
 * dead-lettered alone. Few, large batches: every batch's transaction ends by marking the
 * account's one job row due, so concurrent batches queue on that row until the commit; with 4
 * lanes of 250 and a 10 ms linger, batches of 6-9 events held the row in turn and the consumer
 * took 130-360 events/s on a loaded machine; 2 lanes of 1,000 with a 100 ms linger took about
 * 1,500/s on the same machine. The envelope was checked by the transport: only the data is.
 */
@Controller()
export class AvailabilityConsumer implements JetStreamBatchHandler<unknown> {
  constructor(
    private readonly db: DataSource,
    private readonly clients: ChannelClients,
    private readonly readModel: MasterDataReadModel,
    private readonly store: OutboundAvailabilityStore,
    private readonly queue: OutboundQueue,
  ) {}

  @ConsumeEvents({
    durable: 'channel-sync--availability',
    stream: DOMAIN_STREAMS.inventory.name,
    filterSubject: SUBJECTS.AVAILABILITY_CHANGED,
    concurrency: LANES,
    partitionKey: () => String(nextLane++ % LANES),
    batch: { maxMessages: BATCH, lingerMs: LINGER_MS },
  })
  async handleBatch(@Payload() items: BatchItem<unknown>[]): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = items.map(() => Skipped);
    const byChannel = new Map<string, Array<{ i: number; data: AvailabilityChangedEvent }>>();
    items.forEach(({ event }, i) => {
      const { value, errors } = validateEventData<AvailabilityChangedEvent>(event);
      if (errors.length > 0) {
        results[i] = new NonRetryableError(
          `invalid availability.changed: ${JSON.stringify(errors)}`,
        );
        return;
      }
      const group = byChannel.get(value.data.channel) ?? [];
      byChannel.set(value.data.channel, [...group, { i, data: value.data }]);
    });
    const rows: VersionedTarget[] = [];
    for (const [channel, events] of byChannel) {
      const configured = this.clients.all().find((c) => c.account.channel === channel);
      if (!configured) continue; // not ours: skipped
      const { account, client } = configured;
      const skus = events.map((e) => e.data.sku);
      const channelSkus = await this.readModel.channelSkusOf(channel, skus);
      for (const { i, data } of events) {
        const targets = availabilityTargets(
          data,
          channelSkus.get(data.sku) ?? [],
          client.defaultLocation(),
          account.locationMap,
        );
        const at = new Date(data.changedAt).toISOString();
        for (const t of targets)
          rows.push({ ...t, account: account.channel, version: data.sequence, changedAt: at });
        results[i] = Ok;
      }
    }
    if (rows.length > 0) {
      await this.db.transaction(async (m) => {
        for (const account of await this.store.upsertLatest(m, rows))
          await this.queue.availabilityDue(m, account);
      });
    }
    return results;
  }
}
