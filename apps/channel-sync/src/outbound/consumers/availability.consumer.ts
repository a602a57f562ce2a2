import {
  AvailabilityChangedEvent,
  type CloudEvent,
  DOMAIN_STREAMS,
  SUBJECTS,
  validateEvent,
} from '@retail/contracts';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import {
  type ConsumerResult,
  JetStreamConsumer,
  type JetStreamHandler,
  NonRetryableError,
  Ok,
  Skipped,
} from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { ChannelClients } from '../../channels/channel-clients';
import { availabilityTargets } from '../domain/availability-targets';
import { OutboundAvailabilityStore } from '../persistence/outbound-availability.store';
import { OutboundQueue } from '../persistence/outbound-queue';

/** Events handled at once. */
const LANES = 4;
let nextLane = 0;

/**
 * `retail.inventory.v1.availability.changed` for a configured account: the figures the channel
 * should show (channel SKUs from master data's mappings, channel locations from the account's
 * location map) replace older ones, and the account's availability job is due. Idempotent
 * without an inbox: a redelivered or older event (lower `sequence`) changes no row.
 *
 * Inventory publishes one event per SKU and channel (about 6 per change at 6 channels), so one
 * event at a time was the bottleneck of availability at scale (ADR 0023). The events go to
 * `LANES` lanes in turn, order not kept: it need not be, the upsert keeps the highest sequence
 * whatever order the events of a SKU are handled in.
 */
@JetStreamConsumer({
  durable: 'channel-sync--availability',
  stream: DOMAIN_STREAMS.inventory.name,
  filterSubject: SUBJECTS.AVAILABILITY_CHANGED,
  concurrency: LANES,
  partitionKey: () => String(nextLane++ % LANES),
})
export class AvailabilityConsumer implements JetStreamHandler<unknown> {
  constructor(
    private readonly db: DataSource,
    private readonly clients: ChannelClients,
    private readonly readModel: MasterDataReadModel,
    private readonly store: OutboundAvailabilityStore,
    private readonly queue: OutboundQueue,
  ) {}

  async handle(plain: CloudEvent<unknown>): Promise<ConsumerResult> {
    const { value, errors } = validateEvent<AvailabilityChangedEvent>(plain);
    if (errors.length > 0)
      throw new NonRetryableError(`invalid availability.changed: ${JSON.stringify(errors)}`);
    const data = value.data;
    const configured = this.clients.all().find((c) => c.account.channel === data.channel);
    if (!configured) return Skipped;
    const { account, client } = configured;
    const channelSkus = (await this.readModel.channelSkusOf(data.channel, [data.sku])).get(
      data.sku,
    );
    const targets = availabilityTargets(
      data,
      channelSkus ?? [],
      client.defaultLocation(),
      account.locationMap,
    );
    await this.db.transaction(async (m) => {
      const changed = await this.store.upsert(
        m,
        account.channel,
        targets,
        data.sequence,
        new Date(data.changedAt),
      );
      if (changed > 0) await this.queue.availabilityDue(m, account.channel);
    });
    return Ok;
  }
}
