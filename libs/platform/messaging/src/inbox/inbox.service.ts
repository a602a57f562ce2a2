import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type InboxOutcome = 'processed' | 'duplicate';

const CLAIM = `INSERT INTO inbox (consumer, message_id) VALUES ($1, $2)
  ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`;

/**
 * Applies a message's effect at most once per consumer. The inbox row and the effect commit in
 * one transaction; a concurrent duplicate blocks on the unique key until the first commits and
 * then sees the conflict, so there is no check-then-insert window.
 */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  runOnce(
    consumer: string,
    messageId: string,
    effect: (manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome> {
    return this.dataSource.transaction((manager) =>
      this.runOnceIn(manager, consumer, messageId, effect),
    );
  }

  /** Same, inside a transaction the caller already opened. */
  async runOnceIn(
    manager: EntityManager,
    consumer: string,
    messageId: string,
    effect: (manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome> {
    const claimed: unknown[] = await manager.query(CLAIM, [consumer, messageId]);
    if (claimed.length === 0) return 'duplicate';
    await effect(manager);
    return 'processed';
  }
}
