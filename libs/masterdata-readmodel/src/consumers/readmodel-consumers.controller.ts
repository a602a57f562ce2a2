import { Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import { type CloudEvent, DOMAIN_STREAMS } from '@retail/contracts';
import { ConsumeEvents, type ConsumerResult } from '@retail/platform-messaging';
import { ReadModelStore } from '../persistence/readmodel.store';
import { MasterDataReadModel } from '../read-model.service';
import { READMODEL_BINDINGS, ReadModelConsumer } from './readmodel.consumers';

const [product, location, channelMapping] = READMODEL_BINDINGS;
const stream = DOMAIN_STREAMS.masterdata.name;

/**
 * The read model's three consumers, served by the JetStream transport. Their durable names
 * depend on the host service (`<service>--readmodel-<entity>`), hence `handler`, not `durable`.
 */
@Controller()
export class ReadModelConsumersController {
  private readonly consumers: Map<string, ReadModelConsumer<object>>;

  constructor(store: ReadModelStore, readModel: MasterDataReadModel) {
    this.consumers = new Map(
      READMODEL_BINDINGS.map((b) => [b.entity, new ReadModelConsumer(b, store, readModel)]),
    );
  }

  @ConsumeEvents({ handler: `readmodel-${product.entity}`, stream, filterSubject: product.subject })
  product(@Payload() event: CloudEvent<object>): Promise<ConsumerResult> {
    return this.consumers.get(product.entity)!.handle(event);
  }

  @ConsumeEvents({
    handler: `readmodel-${location.entity}`,
    stream,
    filterSubject: location.subject,
  })
  location(@Payload() event: CloudEvent<object>): Promise<ConsumerResult> {
    return this.consumers.get(location.entity)!.handle(event);
  }

  @ConsumeEvents({
    handler: `readmodel-${channelMapping.entity}`,
    stream,
    filterSubject: channelMapping.subject,
  })
  channelMapping(@Payload() event: CloudEvent<object>): Promise<ConsumerResult> {
    return this.consumers.get(channelMapping.entity)!.handle(event);
  }
}
