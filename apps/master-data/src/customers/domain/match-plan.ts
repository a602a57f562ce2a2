import type {
  CustomerMatchKey,
  CustomerMatchRequest,
  CustomerMatchResult,
} from '@retail/contracts';
import { emailMatchKey, normaliseEmail, phoneMatchKey } from './normalise';

/** A match request with its keys normalised (how they are stored and compared). */
export interface MatchInput {
  channel: string;
  channelCustomerId?: string;
  email?: string;
  emailKey?: string;
  phone?: string;
  phoneKey?: string;
  name?: string;
}

/** What the rules need to know of a customer that holds one of the requests' keys. */
export interface KnownCustomer {
  id: string;
  emailKey: string | null;
  phoneKey: string | null;
  named: boolean;
  erased: boolean;
  identities: Array<{ channel: string; channelCustomerId: string }>;
}

/** Personal fields written on a customer (a new one, or filled into an existing one). */
export interface CustomerFields {
  id: string;
  email: string | null;
  emailKey: string | null;
  phone: string | null;
  phoneKey: string | null;
  name: string | null;
}

/** The writes and answers of a set of matches, decided in request order. */
export interface MatchPlan {
  answers: CustomerMatchResult[];
  created: CustomerFields[];
  /** Fields to fill on existing customers (null: leave as is), by customer. */
  filled: Map<string, CustomerFields>;
  links: Array<{ channel: string; channelCustomerId: string; customerId: string }>;
  /** Existing customers linked or filled (their version grows, `customer.changed`). */
  changed: Set<string>;
  /** For each customer written, the index of the first input that wrote it. */
  causes: Map<string, number>;
}

export function toMatchInput(r: CustomerMatchRequest): MatchInput {
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

/** The keys a match serialises on (advisory locks): two matches sharing one never overlap. */
export function lockKeysOf(input: MatchInput): string[] {
  return [
    input.channelCustomerId && `cid:${input.channel}:${input.channelCustomerId}`,
    input.emailKey && `email:${input.emailKey}`,
    input.phoneKey && `phone:${input.phoneKey}`,
  ].filter((k): k is string => !!k);
}

const identityKey = (channel: string, channelCustomerId: string) =>
  JSON.stringify([channel, channelCustomerId]);

/**
 * The matching rules, for one request or many (applied in order, each seeing what the earlier
 * ones created, linked or filled): the channel customer id first, then the e-mail key, then the
 * phone key; a new customer when nothing matches. A match links the channel id and fills the
 * e-mail, phone and name the customer lacks, never a key another customer holds.
 *
 * `confined` (a channel key's match): e-mail and phone only find customers this channel already
 * knows, and a new customer keeps an e-mail or phone another customer holds as data only.
 */
export class MatchRules {
  private readonly byId = new Map<string, KnownCustomer>();
  private readonly byIdentity = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();
  private readonly plan: MatchPlan = {
    answers: [],
    created: [],
    filled: new Map(),
    links: [],
    changed: new Set(),
    causes: new Map(),
  };

  constructor(
    known: KnownCustomer[],
    private readonly confined: boolean,
    private readonly newId: () => string,
  ) {
    for (const c of known) this.remember(c);
  }

  /** Decides every input in order; the plan is what to write and what to answer. */
  static plan(
    inputs: MatchInput[],
    known: KnownCustomer[],
    options: { confined: boolean; newId: () => string },
  ): MatchPlan {
    const rules = new MatchRules(known, options.confined, options.newId);
    inputs.forEach((input, index) => rules.plan.answers.push(rules.match(input, index)));
    return rules.plan;
  }

  private match(input: MatchInput, index: number): CustomerMatchResult {
    const found = this.find(input);
    if (!found) return this.create(input, index);
    const linked = this.link(input, found.customer.id);
    const filled = this.fill(found.customer, input);
    if (linked || filled) this.touched(found.customer.id, index, true);
    return { customerId: found.customer.id, matchedBy: found.by, created: false };
  }

  private find(input: MatchInput): { customer: KnownCustomer; by: CustomerMatchKey } | undefined {
    const { channelCustomerId: cid, emailKey, phoneKey } = input;
    const probes: Array<[CustomerMatchKey, string | undefined]> = [
      ['channelCustomerId', cid ? this.byIdentity.get(identityKey(input.channel, cid)) : undefined],
      ['email', emailKey ? this.byEmail.get(emailKey) : undefined],
      ['phone', phoneKey ? this.byPhone.get(phoneKey) : undefined],
    ];
    for (const [by, id] of probes) {
      const customer = id ? this.byId.get(id) : undefined;
      if (!customer || customer.erased) continue;
      if (by !== 'channelCustomerId' && this.confined && !knownIn(customer, input.channel))
        continue;
      return { customer, by };
    }
    return undefined;
  }

  private create(input: MatchInput, index: number): CustomerMatchResult {
    // Outside a confined match a key held by another customer would have matched it.
    const emailKey = input.emailKey && !this.byEmail.has(input.emailKey) ? input.emailKey : null;
    const phoneKey = input.phoneKey && !this.byPhone.has(input.phoneKey) ? input.phoneKey : null;
    const fields: CustomerFields = {
      id: this.newId(),
      email: input.email ?? null,
      emailKey,
      phone: input.phone ?? null,
      phoneKey,
      name: input.name ?? null,
    };
    this.plan.created.push(fields);
    this.remember({ ...fields, named: fields.name !== null, erased: false, identities: [] });
    this.link(input, fields.id);
    this.touched(fields.id, index, false);
    return { customerId: fields.id, matchedBy: 'none', created: true };
  }

  private link(input: MatchInput, customerId: string): boolean {
    const cid = input.channelCustomerId;
    if (!cid || this.byIdentity.has(identityKey(input.channel, cid))) return false;
    const identity = { channel: input.channel, channelCustomerId: cid };
    this.byId.get(customerId)!.identities.push(identity);
    this.byIdentity.set(identityKey(input.channel, cid), customerId);
    this.plan.links.push({ ...identity, customerId });
    return true;
  }

  /** Fills what the customer lacks; a key another customer holds is never taken. */
  private fill(customer: KnownCustomer, input: MatchInput): boolean {
    const fields = this.fieldsOf(customer.id);
    let filled = false;
    if (!customer.emailKey && input.emailKey && !this.byEmail.has(input.emailKey)) {
      Object.assign(fields, { email: input.email, emailKey: input.emailKey });
      customer.emailKey = input.emailKey;
      this.byEmail.set(input.emailKey, customer.id);
      filled = true;
    }
    if (!customer.phoneKey && input.phoneKey && !this.byPhone.has(input.phoneKey)) {
      Object.assign(fields, { phone: input.phone, phoneKey: input.phoneKey });
      customer.phoneKey = input.phoneKey;
      this.byPhone.set(input.phoneKey, customer.id);
      filled = true;
    }
    if (!customer.named && input.name) {
      fields.name = input.name;
      customer.named = true;
      filled = true;
    }
    return filled;
  }

  /** Where a fill goes: the new customer's own fields, or an update of an existing one. */
  private fieldsOf(id: string): CustomerFields {
    const created = this.plan.created.find((c) => c.id === id);
    if (created) return created;
    let fields = this.plan.filled.get(id);
    if (!fields) {
      fields = { id, email: null, emailKey: null, phone: null, phoneKey: null, name: null };
      this.plan.filled.set(id, fields);
    }
    return fields;
  }

  private touched(id: string, index: number, existing: boolean): void {
    if (!this.plan.causes.has(id)) this.plan.causes.set(id, index);
    if (existing && !this.plan.created.some((c) => c.id === id)) this.plan.changed.add(id);
  }

  private remember(c: KnownCustomer): void {
    const customer = { ...c, identities: [...c.identities] };
    this.byId.set(c.id, customer);
    for (const i of customer.identities)
      this.byIdentity.set(identityKey(i.channel, i.channelCustomerId), c.id);
    if (c.emailKey) this.byEmail.set(c.emailKey, c.id);
    if (c.phoneKey) this.byPhone.set(c.phoneKey, c.id);
  }
}

function knownIn(customer: KnownCustomer, channel: string): boolean {
  return customer.identities.some((i) => i.channel === channel);
}
