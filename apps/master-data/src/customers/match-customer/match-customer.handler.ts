import { Inject, Injectable } from '@nestjs/common';
import type {
  CustomerMatchKey,
  CustomerMatchRequest,
  CustomerMatchResult,
} from '@retail/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '@retail/platform-config';
import { randomUUID } from 'crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../../common/sql';
import { emailMatchKey, normaliseEmail, phoneMatchKey } from '../domain/normalise';
import { CustomerEvents } from '../persistence/customer-events';
import {
  ENRICH,
  FIND_BY_EMAIL,
  FIND_BY_EMAIL_IN_CHANNEL,
  FIND_BY_IDENTITY,
  FIND_BY_PHONE,
  FIND_BY_PHONE_IN_CHANNEL,
  INSERT_CUSTOMER,
  KEY_HELD,
  LINK_IDENTITY,
} from '../persistence/customer-sql';

interface MatchInput {
  channel: string;
  channelCustomerId?: string;
  email?: string;
  emailKey?: string;
  phone?: string;
  phoneKey?: string;
  name?: string;
  /**
   * A channel key's match: e-mail and phone only find customers this channel already knows,
   * so it never learns, links or enriches another channel's customer.
   */
  confined?: boolean;
}

/**
 * `POST /v1/customers:match`: channel customer id first, then e-mail, then phone; a new
 * customer when nothing matches. Concurrent matches on the same keys are serialised by
 * transaction-scoped advisory locks on those keys (the unique indexes are the backstop), so
 * two requests for one new shopper never create two customers.
 */
@Injectable()
export class MatchCustomerHandler {
  constructor(
    private readonly db: DataSource,
    private readonly events: CustomerEvents,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * `confined`: the caller is a channel key (service and admin keys match across channels,
   * the one customer master the contract describes).
   */
  execute(request: CustomerMatchRequest, confined = false): Promise<CustomerMatchResult> {
    const input = { ...toInput(request), confined };
    return this.db.transaction(async (m) => {
      await this.lockKeys(m, input);
      const found = await findMatch(m, input);
      if (!found) return this.create(m, confined ? await withoutHeldKeys(m, input) : input);
      const linked = await linkIdentity(m, input, found.id);
      const enriched = await updateReturning(m, ENRICH, enrichParams(found.id, input));
      if (linked || enriched.length > 0) await this.events.changed(m, found.id);
      return { customerId: found.id, matchedBy: found.by, created: false };
    });
  }

  private async create(m: EntityManager, input: MatchInput): Promise<CustomerMatchResult> {
    const id = `cus_${randomUUID()}`;
    await m.query(INSERT_CUSTOMER, [
      id,
      input.email ?? null,
      input.emailKey ?? null,
      input.phone ?? null,
      input.phoneKey ?? null,
      input.name ?? null,
    ]);
    await linkIdentity(m, input, id);
    await this.events.changed(m, id, false);
    return { customerId: id, matchedBy: 'none', created: true };
  }

  private async lockKeys(m: EntityManager, input: MatchInput): Promise<void> {
    const keys = [
      input.channelCustomerId && `cid:${input.channel}:${input.channelCustomerId}`,
      input.emailKey && `email:${input.emailKey}`,
      input.phoneKey && `phone:${input.phoneKey}`,
    ].filter((k): k is string => !!k);
    // A fixed order, so two requests locking the same keys cannot deadlock.
    for (const key of keys.sort()) {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.config.schema}:customer:${key}`,
      ]);
    }
  }
}

function toInput(r: CustomerMatchRequest): MatchInput {
  return {
    channel: r.channel,
    channelCustomerId: r.channelCustomerId,
    email: r.email ? normaliseEmail(r.email) : undefined,
    emailKey: r.email ? emailMatchKey(r.email) : undefined,
    phone: r.phone?.trim(),
    phoneKey: r.phone ? phoneMatchKey(r.phone) : undefined,
    name: r.name,
  };
}

async function findMatch(
  m: EntityManager,
  input: MatchInput,
): Promise<{ id: string; by: CustomerMatchKey } | undefined> {
  const probes: Array<[CustomerMatchKey, string, unknown[]] | undefined> = [
    input.channelCustomerId
      ? ['channelCustomerId', FIND_BY_IDENTITY, [input.channel, input.channelCustomerId]]
      : undefined,
    input.emailKey
      ? input.confined
        ? ['email', FIND_BY_EMAIL_IN_CHANNEL, [input.emailKey, input.channel]]
        : ['email', FIND_BY_EMAIL, [input.emailKey]]
      : undefined,
    input.phoneKey
      ? input.confined
        ? ['phone', FIND_BY_PHONE_IN_CHANNEL, [input.phoneKey, input.channel]]
        : ['phone', FIND_BY_PHONE, [input.phoneKey]]
      : undefined,
  ];
  for (const probe of probes) {
    if (!probe) continue;
    const [row]: Array<{ id: string }> = await m.query(probe[1], probe[2]);
    if (row) return { id: row.id, by: probe[0] };
  }
  return undefined;
}

/**
 * A confined match found nothing in its channel: the new customer keeps the e-mail and phone
 * as data but not as match keys another customer already holds (they are unique).
 */
async function withoutHeldKeys(m: EntityManager, input: MatchInput): Promise<MatchInput> {
  const [held]: Array<{ email: boolean; phone: boolean }> = await m.query(KEY_HELD, [
    input.emailKey ?? null,
    input.phoneKey ?? null,
  ]);
  return {
    ...input,
    emailKey: held?.email ? undefined : input.emailKey,
    phoneKey: held?.phone ? undefined : input.phoneKey,
  };
}

async function linkIdentity(m: EntityManager, input: MatchInput, id: string): Promise<boolean> {
  if (!input.channelCustomerId) return false;
  const rows: unknown[] = await m.query(LINK_IDENTITY, [
    input.channel,
    input.channelCustomerId,
    id,
  ]);
  return rows.length > 0;
}

function enrichParams(id: string, input: MatchInput): unknown[] {
  const phone = input.phoneKey ? input.phone : undefined;
  return [
    id,
    input.email ?? null,
    input.emailKey ?? null,
    phone ?? null,
    input.phoneKey ?? null,
    input.name ?? null,
  ];
}
