import { Inject, Injectable } from '@nestjs/common';
import type { CustomerMatchRequest, CustomerMatchResult } from '@retail/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '@retail/platform-config';
import { randomUUID } from 'crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { lockKeysOf, MatchRules, toMatchInput, type MatchInput } from '../domain/match-plan';
import { CustomerMatchWrites } from '../persistence/customer-match-writes';
import { KEPT_ANSWERS, KNOWN_CUSTOMERS, LOCK_KEYS } from '../persistence/customer-match-sql';

/** One match to make: the request, and for a batch entry the order it is kept for. */
export interface MatchEntry {
  request: CustomerMatchRequest;
  orderId?: string;
  correlationId?: string;
}

/** A match's answer; `replayed` when it is the one kept for the order by an earlier entry. */
export type MatchAnswer = CustomerMatchResult & { replayed?: boolean };

/** Unique violations and deadlocks: another writer got there first; the whole match reruns. */
const CONFLICTS = new Set(['23505', '40P01']);
const ATTEMPTS = 3;

/**
 * Customer matching for one request or a batch, in one transaction with set-based statements
 * (the same count for 1 or 500 entries): lock every key, read the answers kept for the orders,
 * read every customer holding a key, apply the rules (MatchRules) in request order, then write
 * the new customers, links, fills, events and kept answers. Concurrent matches sharing a key
 * are serialised by the advisory locks (the unique indexes are the backstop: a conflict reruns
 * the transaction, which then sees the other's customer).
 */
@Injectable()
export class CustomerMatching {
  constructor(
    private readonly db: DataSource,
    private readonly writes: CustomerMatchWrites,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async match(entries: MatchEntry[], confined: boolean): Promise<MatchAnswer[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((m) => this.matchIn(m, entries, confined));
      } catch (err) {
        if (attempt >= ATTEMPTS || !isConflict(err)) throw err;
      }
    }
  }

  private async matchIn(m: EntityManager, entries: MatchEntry[], confined: boolean) {
    const inputs = entries.map((e) => toMatchInput(e.request));
    await m.query(LOCK_KEYS, [this.lockKeys(entries, inputs)]);
    const kept = await keptAnswers(m, entries);
    // Each order is matched once: its kept answer, else its first entry in this batch.
    const firstOf = new Map<string, number>();
    const fresh = entries.flatMap((e, i) => {
      const key = orderKey(e);
      if (key && (kept.has(key) || firstOf.has(key))) return [];
      if (key) firstOf.set(key, i);
      return [i];
    });
    const planned = fresh.map((i) => inputs[i]);
    const known = planned.length > 0 ? await m.query(KNOWN_CUSTOMERS, knownParams(planned)) : [];
    const plan = MatchRules.plan(planned, known, {
      confined,
      newId: () => `cus_${randomUUID()}`,
    });
    const answers = new Map<number, MatchAnswer>(fresh.map((i, j) => [i, plan.answers[j]]));
    await this.writes.apply(m, plan, (j) => entries[fresh[j]].correlationId);
    await this.writes.keep(
      m,
      fresh.map((i) => ({ entry: entries[i], answer: answers.get(i)! })),
    );
    return entries.map((e, i): MatchAnswer => {
      const own = answers.get(i);
      if (own) return own;
      const key = orderKey(e)!;
      return { ...(kept.get(key) ?? answers.get(firstOf.get(key)!)!), replayed: true };
    });
  }

  /** The customer keys of every entry and the order keys of the batch entries. */
  private lockKeys(entries: MatchEntry[], inputs: MatchInput[]): string[] {
    const keys = inputs.flatMap(lockKeysOf);
    for (const e of entries) if (e.orderId) keys.push(`order:${orderKey(e)}`);
    return keys.map((k) => `${this.config.schema}:customer:${k}`);
  }
}

const orderKey = (e: MatchEntry) =>
  e.orderId ? JSON.stringify([e.request.channel, e.orderId]) : undefined;

async function keptAnswers(m: EntityManager, entries: MatchEntry[]) {
  const keyed = entries.filter((e) => e.orderId);
  const kept = new Map<string, MatchAnswer>();
  if (keyed.length === 0) return kept;
  const rows: Array<MatchAnswer & { channel: string; orderId: string }> = await m.query(
    KEPT_ANSWERS,
    [keyed.map((e) => e.request.channel), keyed.map((e) => e.orderId)],
  );
  for (const { channel, orderId, customerId, matchedBy, created } of rows)
    kept.set(JSON.stringify([channel, orderId]), { customerId, matchedBy, created });
  return kept;
}

function knownParams(inputs: MatchInput[]): unknown[] {
  const withId = inputs.filter((i) => i.channelCustomerId);
  return [
    withId.map((i) => i.channel),
    withId.map((i) => i.channelCustomerId),
    inputs.flatMap((i) => (i.emailKey ? [i.emailKey] : [])),
    inputs.flatMap((i) => (i.phoneKey ? [i.phoneKey] : [])),
  ];
}

function isConflict(err: unknown): boolean {
  const code = (err as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
  return err instanceof QueryFailedError && CONFLICTS.has(code ?? '');
}
