import { Injectable } from '@nestjs/common';
import {
  CUSTOMER_CHANGED_SUBJECT,
  CUSTOMER_ERASED_SUBJECT,
  type CustomerChangedEvent,
  type CustomerChannelIdentity,
  type CustomerErasedEvent,
} from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import type { EntityManager } from 'typeorm';
import { IDENTITIES_OF_ALL } from './customer-match-sql';
import { IDENTITIES_OF, SELECT_CUSTOMER } from './customer-sql';

/** Customer events carry ids only: personal data never leaves master-data's tables. */
@Injectable()
export class CustomerEvents {
  constructor(private readonly outbox: OutboxService) {}

  /** Enqueues `customer.changed` at the customer's current (already written) version. */
  async changed(m: EntityManager, customerId: string): Promise<void> {
    const version = await currentVersion(m, customerId);
    const channelIdentities: CustomerChannelIdentity[] = await m.query(IDENTITIES_OF, [customerId]);
    const data: CustomerChangedEvent = {
      customerId,
      channelIdentities,
      version,
      changedAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(m, { type: CUSTOMER_CHANGED_SUBJECT, subject: customerId, data });
  }

  /**
   * One `customer.changed` per customer at the version given (already written), in one outbox
   * statement; each carries its own correlation id when one is given.
   */
  async changedMany(
    m: EntityManager,
    versions: ReadonlyMap<string, number>,
    correlationIds: ReadonlyMap<string, string | undefined>,
  ): Promise<void> {
    if (versions.size === 0) return;
    const ids = [...versions.keys()];
    const rows: Array<{ id: string; identities: CustomerChannelIdentity[] }> = await m.query(
      IDENTITIES_OF_ALL,
      [ids],
    );
    const identities = new Map(rows.map((r) => [r.id, r.identities]));
    const changedAt = new Date().toISOString();
    const drafts = ids.map((customerId) => {
      const data: CustomerChangedEvent = {
        customerId,
        channelIdentities: identities.get(customerId) ?? [],
        version: versions.get(customerId)!,
        changedAt,
      };
      const correlationid = correlationIds.get(customerId);
      return {
        type: CUSTOMER_CHANGED_SUBJECT,
        subject: customerId,
        data,
        ...(correlationid ? { correlationid } : {}),
      };
    });
    await this.outbox.enqueue(m, drafts);
  }

  async erased(m: EntityManager, customerId: string, erasedAt: Date): Promise<void> {
    const data: CustomerErasedEvent = { customerId, erasedAt: erasedAt.toISOString() };
    await this.outbox.enqueue(m, { type: CUSTOMER_ERASED_SUBJECT, subject: customerId, data });
  }
}

async function currentVersion(m: EntityManager, id: string): Promise<number> {
  const [row]: Array<{ version: string }> = await m.query(SELECT_CUSTOMER, [id]);
  return Number(row.version);
}
