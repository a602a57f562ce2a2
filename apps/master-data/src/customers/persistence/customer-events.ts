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
import { updateReturning } from '../../common/sql';
import { BUMP_VERSION, IDENTITIES_OF, SELECT_CUSTOMER } from './customer-sql';

/** Customer events carry ids only: personal data never leaves master-data's tables. */
@Injectable()
export class CustomerEvents {
  constructor(private readonly outbox: OutboxService) {}

  /** Enqueues `customer.changed`; `bump` first increments the version (an update). */
  async changed(m: EntityManager, customerId: string, bump = true): Promise<void> {
    const version = bump
      ? await versionAfterBump(m, customerId)
      : await currentVersion(m, customerId);
    const channelIdentities: CustomerChannelIdentity[] = await m.query(IDENTITIES_OF, [customerId]);
    const data: CustomerChangedEvent = {
      customerId,
      channelIdentities,
      version,
      changedAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(m, { type: CUSTOMER_CHANGED_SUBJECT, subject: customerId, data });
  }

  async erased(m: EntityManager, customerId: string, erasedAt: Date): Promise<void> {
    const data: CustomerErasedEvent = { customerId, erasedAt: erasedAt.toISOString() };
    await this.outbox.enqueue(m, { type: CUSTOMER_ERASED_SUBJECT, subject: customerId, data });
  }
}

async function versionAfterBump(m: EntityManager, id: string): Promise<number> {
  const [row] = await updateReturning<{ version: string }>(m, BUMP_VERSION, [id]);
  return Number(row.version);
}

async function currentVersion(m: EntityManager, id: string): Promise<number> {
  const [row]: Array<{ version: string }> = await m.query(SELECT_CUSTOMER, [id]);
  return Number(row.version);
}
