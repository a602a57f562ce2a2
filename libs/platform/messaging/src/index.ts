export { MessagingModule, type MessagingModuleAsyncOptions } from './messaging.module';
export {
  MESSAGING_OPTIONS,
  MIN_NATS_SERVER_VERSION,
  type MessagingModuleOptions,
  type ResolvedMessagingOptions,
  type RetentionOptions,
} from './options';
export {
  streamName,
  subjectFor,
  dlqSubject,
  durableName,
  logicalSubject,
  logicalStreamName,
  InvalidNamespaceError,
} from './naming';
export {
  buildEvent,
  validateEnvelope,
  eventSubject,
  InvalidEnvelopeError,
  type EventContext,
  type OutgoingEvent,
} from './envelope';
export { NatsClient, StreamProvisioningError } from './nats/nats-client';
export { HEADER } from './nats/headers';
export { UnsupportedNatsServerError } from './nats/version';
export { OutboxMessage } from './outbox/outbox-message.entity';
export {
  OutboxService,
  OUTBOX_NOTIFY_CHANNEL,
  OUTBOX_NOTIFY_SQL,
  outboxInsertSql,
} from './outbox/outbox.service';
export { OutboxRelay, type OutboxRow } from './outbox/outbox-relay';
export { MessagingRetention, messagingRetentionRules } from './retention/messaging-retention';
export { InboxMessage } from './inbox/inbox-message.entity';
export { InboxService, type InboxOutcome } from './inbox/inbox.service';
export {
  Ok,
  Skipped,
  Retry,
  NonRetryableError,
  validEvent,
  type ConsumerResult,
  type JetStreamHandler,
  type JetStreamBatchHandler,
  type BatchItem,
  type BatchItemResult,
  type MessageMeta,
} from './consumers/consumer-result';
export type { JetStreamConsumerOptions } from './consumers/consumer-options';
export {
  ConsumeEvents,
  JETSTREAM_EXTRAS,
  RethrowToTransportFilter,
  type ConsumeEventsOptions,
} from './transport/consume-events.decorator';
export { JetStreamContext, JetStreamBatchContext } from './transport/jetstream-context';
export { JetStreamServer } from './transport/jetstream.server';
export { JetStreamClient, type JetStreamEmit } from './transport/jetstream.client';
export { connectJetStream } from './transport/connect-jetstream';
export { ConsumerHost, DuplicateConsumerError } from './consumers/consumer-host';
export type { DeadLetterRecord } from './consumers/dead-letter';
export { EventPublisher, type PublishResult } from './publisher/event-publisher';
export {
  DlqService,
  DeadLetterNotFoundError,
  type DeadLetterEntry,
  type DlqListQuery,
  type DlqPage,
  type DlqReplayMark,
  type DlqReplayResult,
  type DeadLetterDetail,
} from './ops/dlq.service';
export {
  DlqBulkReplay,
  InvalidDlqReplayError,
  MAX_BULK_REPLAY,
  type DlqBulkReplayRequest,
  type DlqBulkReplayResult,
} from './ops/dlq-bulk-replay';
export type { DlqFilter } from './ops/dlq-filter';
export {
  ReplayService,
  InvalidReplayRequestError,
  type ReplayRequest,
  type ReplayResult,
  type ReplayItem,
} from './ops/replay.service';
export { DlqMetrics, type DlqDepth } from './ops/dlq-metrics';
export { readStream, type ReadOptions } from './ops/stream-reader';
export { eraseEvents, type EraseEventsRequest } from './ops/erase-events';
export {
  OpsController,
  ReplayRequestDto,
  DlqReplayRequestDto,
  InvalidDlqQueryError,
  NEXT_CURSOR_HEADER,
} from './ops/ops.controller';
export { NatsHealthIndicator } from './health/nats.health';
export { MessagingTables1732600000000 } from './migrations/messaging-tables.migration';

import { InboxMessage } from './inbox/inbox-message.entity';
import { OutboxMessage } from './outbox/outbox-message.entity';

/** Entities to add to a service's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
