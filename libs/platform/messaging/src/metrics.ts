import { counter, gauge, histogram } from '@retail/platform-observability';

/** Messaging metrics on prom-client's default registry (served by the service's /metrics). */
export const messagingMetrics = {
  outboxPublished: () =>
    counter(
      'retail_outbox_published_total',
      'Outbox events published to JetStream (PubAck received)',
    ),
  outboxBatches: () =>
    counter(
      'retail_outbox_batches_total',
      'Relay passes that published at least one outbox event (events per pass: published / batches)',
    ),
  outboxPublishFailures: () =>
    counter(
      'retail_outbox_publish_failures_total',
      'Outbox events JetStream did not acknowledge (reason: timeout, no_responders, refused, other); the row is published again',
      ['reason'],
    ),
  outboxPending: () =>
    gauge('retail_outbox_pending', 'Outbox rows not yet published (sampled by the relay)'),
  processed: () =>
    counter('retail_messages_processed_total', 'Consumed messages by outcome', [
      'consumer',
      'outcome',
    ]),
  processingSeconds: () =>
    histogram(
      'retail_message_processing_seconds',
      'Handler duration per message (per batch for batch consumers)',
      ['consumer'],
    ),
  consumerPending: () =>
    gauge(
      'retail_consumer_pending_messages',
      'Consumer lag: messages not yet delivered (num_pending)',
      ['stream', 'consumer'],
    ),
  consumerAckPending: () =>
    gauge('retail_consumer_ack_pending_messages', 'Messages delivered but not yet acked', [
      'stream',
      'consumer',
    ]),
  deadLettered: () =>
    counter('retail_messages_dead_lettered_total', 'Messages moved to RETAIL_DLQ', [
      'consumer',
      'reason',
    ]),
};

export type ProcessingOutcome = 'ok' | 'skipped' | 'retry' | 'error' | 'dead_lettered' | 'poison';
