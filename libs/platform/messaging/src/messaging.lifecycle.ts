import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { ConsumerHost } from './consumers/consumer-host';
import { NatsClient } from './nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from './options';
import { OutboxRelay } from './outbox/outbox-relay';

/**
 * Starts the relay once every module (and the migrations) is ready (the consumers start with the
 * JetStream transport, `connectJetStream`), and stops both
 * in the order that loses nothing: stop pulling, let in-flight handlers finish and ack, let the
 * relay commit its batch, then drain the connection so pending acks and publishes are flushed.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(
    private readonly nats: NatsClient,
    private readonly consumers: ConsumerHost,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
    @Optional() @Inject(OutboxRelay) private readonly relay: OutboxRelay | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.relay && this.opts.outbox.enabled) await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stop();
    await this.relay?.stop();
    await this.nats.drain();
    this.logger.log(
      'messaging stopped: consumers idle, outbox batch committed, connection drained',
    );
  }
}
