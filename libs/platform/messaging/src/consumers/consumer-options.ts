/** Options of a durable pull consumer (`@ConsumeEvents`, or `ConsumerHost.register`). */
export interface JetStreamConsumerOptions {
  /** Durable name, `<service>--<handler>` (see `durableName()`). */
  durable: string;
  /** Logical stream name, e.g. `RETAIL_ORDERS` (the namespace is applied by the runtime). */
  stream: string;
  /** Logical filter subject; one per consumer on nats-server 2.9 (wildcards allowed). */
  filterSubject: string;
  /** Deliveries before dead-lettering; default the module's `maxDeliver`. */
  maxDeliver?: number;
  /** Redelivery timeout of an unacked message (default 30 s; the runtime heartbeats long handlers). */
  ackWaitMs?: number;
  /**
   * Messages handled at once (default 1 = strictly sequential). Above 1, messages are spread over
   * that many lanes by `partitionKey`, so one key (by default the subject, i.e. the partition
   * token of `...movement.recorded.<partition>`) is still handled in order.
   */
  concurrency?: number;
  /** Lane key of a message; default its logical subject. */
  partitionKey?: (subject: string) => string;
  /**
   * Hand messages to `handleBatch` (JetStreamBatchHandler) in batches of up to `maxMessages`
   * instead of one by one to `handle`. A batch holds messages of one lane key (so a key stays in
   * order) and is handed over once full or `lingerMs` (default 10) after its first message.
   */
  batch?: { maxMessages: number; lingerMs?: number };
  /** First back-off after a thrown error (default the module's `backoffMs`). */
  backoffMs?: number;
}
