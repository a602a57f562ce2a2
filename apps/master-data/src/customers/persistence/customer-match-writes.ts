import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RetentionJanitor } from '@retail/platform-persistence';
import type { EntityManager } from 'typeorm';
import type { MasterDataConfig } from '../../config/env';
import { updateReturning } from '../../common/sql';
import type { CustomerFields, MatchPlan } from '../domain/match-plan';
import type { MatchAnswer, MatchEntry } from '../match-customer/customer-matching';
import { CustomerEvents } from './customer-events';
import {
  FILL_CUSTOMERS,
  INSERT_CUSTOMERS,
  KEEP_ANSWERS,
  LINK_IDENTITIES,
  LOCK_CUSTOMERS,
  PURGE_ANSWERS,
} from './customer-match-sql';

/**
 * The writes of a match plan, one statement per kind of row whatever the number of entries.
 * The owner of `customer_match`: its answers are purged by the service's retention janitor once
 * older than MASTERDATA_MATCH_RETENTION_HOURS.
 */
@Injectable()
export class CustomerMatchWrites {
  constructor(
    private readonly events: CustomerEvents,
    janitor: RetentionJanitor,
    @Inject(SERVICE_CONFIG) config: MasterDataConfig,
  ) {
    janitor.register({
      table: 'customer_match',
      sql: PURGE_ANSWERS,
      hours: config.env.MASTERDATA_MATCH_RETENTION_HOURS,
    });
  }

  /**
   * New customers, channel links, fills (changed customers locked first, in id order), then one
   * `customer.changed` per customer written, carrying the correlation id of the first entry
   * that wrote it.
   */
  async apply(
    m: EntityManager,
    plan: MatchPlan,
    correlationOf: (index: number) => string | undefined,
  ): Promise<void> {
    const changed = [...plan.changed];
    if (changed.length > 0) await m.query(LOCK_CUSTOMERS, [changed]);
    if (plan.created.length > 0) await m.query(INSERT_CUSTOMERS, [json(plan.created.map(row))]);
    if (plan.links.length > 0)
      await m.query(LINK_IDENTITIES, [
        json(
          plan.links.map((l) => ({
            channel: l.channel,
            channel_customer_id: l.channelCustomerId,
            customer_id: l.customerId,
          })),
        ),
      ]);
    const versions = new Map(plan.created.map((c) => [c.id, 1]));
    if (changed.length > 0) {
      const fills = changed.map((id) => row(plan.filled.get(id) ?? unchanged(id)));
      const rows = await updateReturning<{ id: string; version: string }>(m, FILL_CUSTOMERS, [
        json(fills),
      ]);
      for (const r of rows) versions.set(r.id, Number(r.version));
    }
    const causes = new Map(
      [...versions.keys()].map((id) => [id, correlationOf(plan.causes.get(id)!)]),
    );
    await this.events.changedMany(m, versions, causes);
  }

  /** The answers of the batch entries, kept per (channel, orderId). */
  async keep(m: EntityManager, answered: Array<{ entry: MatchEntry; answer: MatchAnswer }>) {
    const rows = answered
      .filter(({ entry }) => entry.orderId)
      .map(({ entry, answer }) => ({
        channel: entry.request.channel,
        order_id: entry.orderId,
        customer_id: answer.customerId,
        matched_by: answer.matchedBy,
        created: answer.created,
      }));
    if (rows.length > 0) await m.query(KEEP_ANSWERS, [json(rows)]);
  }
}

const json = (rows: unknown[]) => JSON.stringify(rows);

const unchanged = (id: string): CustomerFields => ({
  id,
  email: null,
  emailKey: null,
  phone: null,
  phoneKey: null,
  name: null,
});

function row(c: CustomerFields) {
  return {
    id: c.id,
    email: c.email,
    email_key: c.emailKey,
    phone: c.phone,
    phone_key: c.phoneKey,
    name: c.name,
  };
}
