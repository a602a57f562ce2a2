import { applyDecorators, Catch, type RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import type { JetStreamConsumerOptions } from '../consumers/consumer-options';

/** Key of the consumer options in an event handler's Nest `extras`. */
export const JETSTREAM_EXTRAS = 'jetstream';

/**
 * Consumer options of an `@ConsumeEvents` handler. `durable` is the full durable name; or give
 * `handler` and the durable is `<service>--<handler>` of the service that runs it (for handlers
 * in shared libraries, whose durable depends on the host service).
 */
export type ConsumeEventsOptions =
  | JetStreamConsumerOptions
  | (Omit<JetStreamConsumerOptions, 'durable'> & { durable?: undefined; handler: string });

/**
 * Hands the handler's error to the transport unchanged. Nest's default RPC exception handling
 * turns any non-RpcException into `{ status: 'error' }`, which would lose what the runtime
 * decides on: a `NonRetryableError` is dead-lettered at once, anything else is retried.
 */
@Catch()
export class RethrowToTransportFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Marks a controller method as a durable JetStream consumer, served by the `JetStreamServer`
 * Nest transport: `@EventPattern(filterSubject)` with the consumer options as its extras. The
 * method receives the event (`@Payload()`, or the items of a batch with `batch`) and a
 * `JetStreamContext` (`@Ctx()`), and answers a `ConsumerResult` (per item for a batch) or throws;
 * ack, nak, dead-lettering and back-off are the transport's.
 */
export function ConsumeEvents(options: ConsumeEventsOptions): MethodDecorator {
  return applyDecorators(
    EventPattern(options.filterSubject, { [JETSTREAM_EXTRAS]: options }),
    UseFilters(new RethrowToTransportFilter()),
  );
}
