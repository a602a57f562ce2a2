import { Payload } from '@nestjs/microservices';
import { Controller } from '@nestjs/common';
import {
  DOMAIN_STREAMS,
  InventoryMovement,
  RecordMovementCommand,
  subjectFilter,
  SUBJECTS,
  validateContract,
} from '@retail/contracts';
import {
  type BatchItem,
  type BatchItemResult,
  ConsumeEvents,
  type JetStreamBatchHandler,
  NonRetryableError,
  Ok,
} from '@retail/platform-messaging';
import { inventoryMetrics } from '../../common/metrics';
import { RecordMovementsHandler } from './record-movements.handler';

export const MOVEMENT_CONSUMER = 'inventory--record-movement';
const BATCH = 500;
const LANES = 8;

/**
 * `retail.inventory.v1.cmd.movement.record.<partition>`, consumed in batches through the
 * platform's transport: up to 500 messages of one partition per batch, LANES partitions at once
 * (lane = the subject, i.e. the partition token of `partitionOf(sku, location)`), so the
 * movements of one SKU and location stay in stream order while partitions apply in parallel,
 * each lane's batch in a transaction of its own (`applyPartition`: two partitions never share a
 * position, so their transactions never wait on each other's row locks; ADR 0047). A batch is
 * applied with the HTTP route's semantics. A batch that fails is
 * applied message by message, so one bad message cannot hold its neighbours back; an invalid one
 * is dead-lettered at once, a failing one retried with back-off and dead-lettered after
 * MAX_DELIVER (the platform's rules). The (source, eventId) unique key is the inbox: a
 * redelivered command answers `duplicate`. With several replicas each batch goes to one of
 * them, so two replicas may apply movements of one position concurrently; the row locks
 * serialise them and the outcome does not depend on arrival order (snapshots and deltas are
 * ordered by sourceSequence), which is what makes that safe.
 */
@Controller()
export class BatchedMovementConsumer implements JetStreamBatchHandler<unknown> {
  constructor(private readonly handler: RecordMovementsHandler) {}

  @ConsumeEvents({
    durable: MOVEMENT_CONSUMER,
    stream: DOMAIN_STREAMS.inventory.name,
    filterSubject: subjectFilter(SUBJECTS.CMD_MOVEMENT_RECORD),
    batch: { maxMessages: BATCH, lingerMs: 50 },
    concurrency: LANES,
  })
  async handleBatch(@Payload() items: BatchItem<unknown>[]): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = items.map(() => Ok);
    const valid: Array<{ i: number; movement: InventoryMovement }> = [];
    items.forEach(({ event }, i) => {
      const { value, errors } = validateContract(RecordMovementCommand, event.data, {
        forbidUnknown: false,
      });
      if (errors.length === 0) return void valid.push({ i, movement: value });
      inventoryMetrics.movements().inc({ outcome: 'rejected' });
      results[i] = new NonRetryableError(
        `invalid movement: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      );
    });
    if (valid.length === 0) return results;
    try {
      await this.handler.applyPartition(valid.map((v) => v.movement));
    } catch {
      for (const { i, movement } of valid) {
        try {
          await this.handler.applyPartition([movement]);
        } catch (err) {
          results[i] = err instanceof Error ? err : new Error(String(err));
        }
      }
    }
    observePartitionLag(valid.map((v) => items[v.i]));
    return results;
  }
}

/**
 * Lag per partition (the subject's token): the age of each partition's oldest command in the
 * batch just applied (publish time to now), and the time it was applied.
 */
function observePartitionLag(items: BatchItem<unknown>[]): void {
  const oldest = new Map<string, number>();
  for (const { event, meta } of items) {
    const partition = meta.subject.slice(meta.subject.lastIndexOf('.') + 1);
    const at = Date.parse(event.time);
    if (Number.isNaN(at)) continue;
    oldest.set(partition, Math.min(oldest.get(partition) ?? at, at));
  }
  const now = Date.now();
  for (const [partition, at] of oldest) {
    inventoryMetrics.partitionLag().set({ partition }, Math.max(0, (now - at) / 1000));
    inventoryMetrics.partitionAppliedAt().set({ partition }, now / 1000);
  }
}
