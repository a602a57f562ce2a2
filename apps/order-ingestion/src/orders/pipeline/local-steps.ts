import { Injectable } from '@nestjs/common';
import type { CustomerMatchRequest } from '@retail/contracts';
import { fraudRejected, fulfilmentProblems, pendingHold } from '../domain/business-rules';
import type { OrderState, StoredLine } from '../domain/order-state';
import { routeLines } from '../domain/routing';
import { CatalogPort } from '../ports/catalog.port';
import { CustomerMatcherPort } from '../ports/customer-matcher.port';
import type { OrderPlan, Stop } from './order-plan';

/** Parked unknown SKUs are re-checked this often even without a master-data change event. */
export const EXCEPTION_RECHECK_MS = 60_000;

const stockLines = (order: OrderState) => order.lines.filter((l) => l.kind === 'stock');
/** What a stock line names its item by: the channel's SKU if it sent one. */
const given = (line: StoredLine) => line.channelSku ?? line.sku;

/**
 * The steps before the reservation: validate, customer, skus, holds, routing. Only the customer
 * match calls out (master-data); the rest reads the order and the local master-data read model.
 * Each returns a Stop or moves the plan on; the caller commits them together.
 */
@Injectable()
export class LocalSteps {
  constructor(
    private readonly matcher: CustomerMatcherPort,
    private readonly catalog: CatalogPort,
  ) {}

  async run(plan: OrderPlan): Promise<Stop | undefined> {
    if (plan.step === 'validate') {
      const problems = fulfilmentProblems(plan.order.order);
      if (problems.length > 0) {
        plan.advance('validate', 'validate', 'exception', { reason: problems.join('; ') });
        return { kind: 'park' };
      }
      plan.advance('customer', 'validate');
    }
    // The SKU lookup (local read model) does not depend on the customer match (master-data over
    // HTTP): it runs beside it, so the run waits for the slower of the two, not for both in turn.
    const known =
      plan.step === 'customer' || plan.step === 'skus' ? this.knownSkus(plan.order) : undefined;
    known?.catch(() => undefined); // awaited below, unless the customer step stops the run
    if (plan.step === 'customer') {
      const stop = await this.customer(plan);
      if (stop) return stop;
    }
    if (plan.step === 'skus') {
      const stop = this.skus(plan, await known!);
      if (stop) return stop;
    }
    if (plan.step === 'holds') {
      const stop = this.holds(plan);
      if (stop) return stop;
    }
    if (plan.step === 'routing') this.routing(plan);
    return undefined;
  }

  /**
   * Master-data matches the buyer (the lanes' matches travel in batches, see the HTTP client).
   * Any error is a dependency failure: the order waits and retries; it never goes on as a guest
   * because master-data could not answer. Only master-data's refusal of this buyer's data moves
   * the order on without a customer id, with the reason in the timeline.
   */
  private async customer(plan: OrderPlan): Promise<Stop | undefined> {
    const order = plan.order;
    const customer = order.order.customer;
    if (customer.customerId) {
      // Named by a service or an administrator: recorded like a match, so erasure and lookups
      // by customer find the order.
      plan.change.customerId = customer.customerId;
      return plan.advance('skus', 'customer');
    }
    let match;
    try {
      match = await this.matcher.match(matchRequest(order), order.id, order.correlationId);
    } catch (err) {
      return plan.wait('customer', `customer matching failed: ${(err as Error).message}`);
    }
    if ('refused' in match) {
      const note = {
        field: 'customer.customerId',
        note: 'no customer matched',
        reason: match.refused,
      };
      return plan.advance('skus', 'customer', undefined, { transformations: [note] });
    }
    plan.change.customerId = match.customerId;
    plan.change.order = { ...order.order, customer: { ...customer, customerId: match.customerId } };
    const note = { field: 'customer.customerId', to: match.customerId, matchedBy: match.matchedBy };
    plan.advance('skus', 'customer', undefined, { transformations: [note] });
  }

  /** The canonical SKU of what each stock line names (channel mapping first), in one read. */
  private knownSkus(order: OrderState): Promise<Map<string, string>> {
    const names = stockLines(order).map(given);
    return this.catalog.resolveSkus(
      order.channel,
      names.filter((g): g is string => Boolean(g)),
    );
  }

  /** Stock lines to canonical SKUs (channel mapping first); non-stock lines are never resolved. */
  private skus(plan: OrderPlan, known: Map<string, string>): Stop | undefined {
    const resolved = new Map<string, string>();
    const missing: string[] = [];
    const lines = stockLines(plan.order);
    for (const line of lines) {
      const sku = given(line) ? known.get(given(line)!) : undefined;
      if (sku) resolved.set(line.lineId, sku);
      else missing.push(line.channelSku ?? line.sku ?? line.lineId);
    }
    if (missing.length > 0) {
      const reason = `unknown SKU ${[...new Set(missing)].join(', ')}`;
      plan.advance('skus', 'skus', 'exception', { reason });
      return { kind: 'recheck', delayMs: EXCEPTION_RECHECK_MS };
    }
    const changes = plan.order.lines
      .filter((l) => resolved.has(l.lineId) && resolved.get(l.lineId) !== l.sku)
      .map((l) => ({ lineId: l.lineId, field: 'sku', from: l.sku, to: resolved.get(l.lineId)! }));
    if (changes.length > 0) {
      plan.change.lineSkus = changes.map((c) => ({ lineId: c.lineId, sku: c.to }));
      const base = plan.change.order ?? plan.order.order;
      const lines = base.lines.map((l) => ({ ...l, sku: resolved.get(l.lineId) ?? l.sku }));
      plan.change.order = { ...base, lines };
    }
    const status = plan.status === 'exception' ? 'received' : undefined;
    plan.advance('holds', 'skus', status, { transformations: changes });
  }

  /** Payment, fraud and intake holds park the order until a status update or a person releases it. */
  private holds(plan: OrderPlan): Stop | undefined {
    const order = plan.order;
    if (fraudRejected(order.order)) {
      plan.advance('done', 'holds', 'cancelled', { reason: 'fraud rejected' });
      return { kind: 'park' };
    }
    const intake = order.holdReleased ? [] : order.ingestHolds;
    const reason = pendingHold(order.order, order.holdReleased, order.ingestHolds);
    if (reason) {
      const detail = intake.map((h) => ({ hold: h.reason, detail: h.detail }));
      plan.advance('holds', 'holds', 'on_hold', { reason, transformations: detail });
      return { kind: 'park' };
    }
    plan.advance('routing', 'holds', plan.status === 'on_hold' ? 'received' : undefined);
  }

  /** Fulfilment instructions for the stock lines (non-stock lines are not routed). */
  private routing(plan: OrderPlan): void {
    const groups = routeLines(stockLines(plan.order));
    plan.change.instructions = groups;
    plan.advance('reserve', 'routing', undefined, {
      transformations: groups.map((g) => ({
        fulfillment: g.type,
        ...(g.locationId ? { locationId: g.locationId } : {}),
        lineIds: g.lineIds,
      })),
    });
  }
}

function matchRequest(order: OrderState): CustomerMatchRequest {
  const customer = order.order.customer;
  return {
    channel: order.channel,
    ...(customer.channelCustomerId ? { channelCustomerId: customer.channelCustomerId } : {}),
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(customer.name ? { name: customer.name } : {}),
  };
}
