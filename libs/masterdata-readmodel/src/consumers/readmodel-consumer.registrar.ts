import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DOMAIN_STREAMS } from '@retail/contracts';
import {
  ConsumerHost,
  durableName,
  MESSAGING_OPTIONS,
  type ResolvedMessagingOptions,
} from '@retail/platform-messaging';
import { ReadModelStore } from '../persistence/readmodel.store';
import { MasterDataReadModel } from '../read-model.service';
import { READMODEL_BINDINGS, ReadModelConsumer } from './readmodel.consumers';

/**
 * Registers the three consumers by hand (their durable names depend on the host service:
 * `<service>--readmodel-<entity>`), before the messaging lifecycle starts consumers.
 */
@Injectable()
export class ReadModelConsumerRegistrar implements OnModuleInit {
  constructor(
    private readonly host: ConsumerHost,
    private readonly store: ReadModelStore,
    private readonly readModel: MasterDataReadModel,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  onModuleInit(): void {
    for (const binding of READMODEL_BINDINGS) {
      this.host.register(new ReadModelConsumer(binding, this.store, this.readModel), {
        durable: durableName(this.opts.serviceName, `readmodel-${binding.entity}`),
        stream: DOMAIN_STREAMS.masterdata.name,
        filterSubject: binding.subject,
      });
    }
  }
}
