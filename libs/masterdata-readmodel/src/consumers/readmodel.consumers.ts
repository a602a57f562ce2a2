import {
  CHANNEL_MAPPING_CHANGED_SUBJECT,
  ChannelMappingChangedEvent,
  LOCATION_CHANGED_SUBJECT,
  LocationChangedEvent,
  PRODUCT_CHANGED_SUBJECT,
  ProductChangedEvent,
  validateContract,
  type CloudEvent,
} from '@retail/contracts';
import {
  NonRetryableError,
  Ok,
  Skipped,
  type ConsumerResult,
  type JetStreamHandler,
} from '@retail/platform-messaging';
import type { ReadModelStore } from '../persistence/readmodel.store';
import type { MasterDataReadModel } from '../read-model.service';
import type { ReadModelEntity } from '../views';

/** One read-model consumer: the entity, its subject, payload class, how to apply and its key. */
export interface ReadModelBinding<T extends object> {
  entity: ReadModelEntity;
  subject: string;
  payload: new () => T;
  apply: (store: ReadModelStore, data: T) => Promise<boolean>;
  key: (data: T) => string;
}

export const READMODEL_BINDINGS = [
  {
    entity: 'product',
    subject: PRODUCT_CHANGED_SUBJECT,
    payload: ProductChangedEvent,
    apply: (s, d) => s.applyProduct(d),
    key: (d) => d.sku,
  } satisfies ReadModelBinding<ProductChangedEvent>,
  {
    entity: 'location',
    subject: LOCATION_CHANGED_SUBJECT,
    payload: LocationChangedEvent,
    apply: (s, d) => s.applyLocation(d),
    key: (d) => d.locationId,
  } satisfies ReadModelBinding<LocationChangedEvent>,
  {
    entity: 'channel-mapping',
    subject: CHANNEL_MAPPING_CHANGED_SUBJECT,
    payload: ChannelMappingChangedEvent,
    apply: (s, d) => s.applyChannelMapping(d),
    key: (d) => `${d.channel}/${d.channelSku}`,
  } satisfies ReadModelBinding<ChannelMappingChangedEvent>,
] as ReadModelBinding<object>[];

/**
 * Stores what the event says when it is newer than the local row. Idempotent by version, so
 * redeliveries and replays need no inbox; an invalid payload is dead-lettered at once.
 */
export class ReadModelConsumer<T extends object> implements JetStreamHandler<T> {
  constructor(
    private readonly binding: ReadModelBinding<T>,
    private readonly store: ReadModelStore,
    private readonly readModel: MasterDataReadModel,
  ) {}

  async handle(event: CloudEvent<T>): Promise<ConsumerResult> {
    const { value, errors } = validateContract(this.binding.payload, event.data, {
      forbidUnknown: false,
    });
    if (errors.length > 0) {
      const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw new NonRetryableError(`invalid ${this.binding.subject} payload: ${detail}`);
    }
    const applied = await this.binding.apply(this.store, value);
    if (!applied) return Skipped;
    this.readModel.notify({ entity: this.binding.entity, key: this.binding.key(value) });
    return Ok;
  }
}
