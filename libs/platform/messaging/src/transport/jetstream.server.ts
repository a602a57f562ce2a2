import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { ConsumerHost } from '../consumers/consumer-host';
import type {
  BatchItem,
  BatchItemResult,
  ConsumerResult,
  JetStreamBatchHandler,
  JetStreamHandler,
} from '../consumers/consumer-result';
import type { JetStreamConsumerOptions } from '../consumers/consumer-options';
import { durableName } from '../naming';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import { type ConsumeEventsOptions, JETSTREAM_EXTRAS } from './consume-events.decorator';
import { JetStreamBatchContext, JetStreamContext } from './jetstream-context';

/**
 * JetStream as a Nest microservices transport. Nest discovers the `@ConsumeEvents`
 * (`@EventPattern`) handlers of every controller and hands them to `listen()`, which runs each
 * as a durable pull consumer through the platform's `ConsumerHost` (provisioning, lanes,
 * batches, ack/nak/term, dead-letter stream, lag gauges) and calls the handler through Nest's
 * pipeline. Connected to every service by `connectJetStream()`; stopped, with the order that
 * loses nothing, by `MessagingLifecycle` before the connection drains.
 */
@Injectable()
export class JetStreamServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('JetStreamServer');
  private started = false;

  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const head of this.messageHandlers.values()) {
        for (let h: MessageHandler | undefined = head; h; h = h.next) this.serve(h);
      }
      if (this.opts.consumersEnabled) await this.consumers.start();
      this.started = true;
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    if (this.started) await this.consumers.stop();
    this.started = false;
  }

  on(): never {
    throw new Error('JetStreamServer has no transport events to listen to');
  }

  unwrap<T>(): T {
    return this.consumers as T;
  }

  /** The consumer options of a `@ConsumeEvents` handler, its durable name resolved. */
  private optionsOf(handler: MessageHandler): JetStreamConsumerOptions | undefined {
    const extras = handler.extras?.[JETSTREAM_EXTRAS] as ConsumeEventsOptions | undefined;
    if (!extras) return undefined;
    if (extras.durable) return extras;
    const { handler: name, ...rest } = extras as ConsumeEventsOptions & { handler: string };
    return { ...rest, durable: durableName(this.opts.serviceName, name) };
  }

  private serve(handler: MessageHandler): void {
    const options = this.optionsOf(handler);
    if (!options) {
      this.logger.warn('an @EventPattern handler without @ConsumeEvents options is not served');
      return;
    }
    const adapter: JetStreamHandler | JetStreamBatchHandler = options.batch
      ? {
          handleBatch: (items: BatchItem[]) =>
            this.call<BatchItemResult[]>(handler, items, new JetStreamBatchContext(items)),
        }
      : {
          handle: (event, meta) =>
            this.call<ConsumerResult>(handler, event, new JetStreamContext(meta)),
        };
    this.consumers.register(adapter, options);
  }

  /** Runs the handler through Nest's pipeline; its result, or the error it threw. */
  private async call<R>(handler: MessageHandler, data: unknown, ctx: unknown): Promise<R> {
    const result = this.transformToObservable(await handler(data, ctx));
    return (await lastValueFrom(result, { defaultValue: undefined })) as R;
  }
}
