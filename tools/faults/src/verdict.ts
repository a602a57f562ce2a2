import { violations as checkViolations } from './checker';
import { erpDoubleViolations } from './erp-doubles';
import { leaseViolations } from './leases';
import { orderingViolations } from './ordering';
import type { FaultReport } from './report';

/** Every invariant the run must keep, as one line per violation; empty = the run passed. */
export function allViolations(r: FaultReport): string[] {
  const out: string[] = [];
  for (const p of r.phases) {
    for (const v of p.violations) out.push(`${p.name}: ${v}`);
    // A phase may check an invariant of its own fault and fail with `invariant: ...`.
    if (p.error?.startsWith('invariant:')) out.push(`${p.name}: ${p.error}`);
  }
  if (r.stock.reservedOverOnHand)
    out.push(`stock: ${r.stock.reservedOverOnHand} samples with reserved > on-hand`);
  if (r.stock.negativeAvailable)
    out.push(`stock: ${r.stock.negativeAvailable} API samples with available < 0`);
  const m = r.movements;
  if (m && !m.notRun) {
    for (const v of checkViolations(m.check)) out.push(`movements: ${v}`);
    if (m.appliedTwice) out.push(`movements: ${m.appliedTwice} events applied twice`);
    if (m.wrongFinalOnHand.length)
      out.push(`movements: ${m.wrongFinalOnHand.length} positions differ from the model`);
  }
  const c = r.contention;
  if (c && !c.notRun) {
    for (const v of checkViolations(c.check)) out.push(`contention: reservations ${v}`);
    if (c.overGranted.length)
      out.push(`contention: ${c.overGranted.length} SKUs granted beyond on-hand`);
    if (c.overReserved.length)
      out.push(`contention: ${c.overReserved.length} positions reserved beyond on-hand`);
  }
  if (r.wms && !r.wms.notRun) {
    if (r.wms.notFulfilled.length)
      out.push(
        `wms: ${r.wms.notFulfilled.length} orders handed to the WMS not fulfilled after drain`,
      );
    if (r.wms.consumedTwice.length)
      out.push(`wms: ${r.wms.consumedTwice.length} reservations consumed twice`);
  }
  const s = r.storm;
  if (s && !s.notRun) {
    if (s.ordersCreated !== 1)
      out.push(`retry storm: ${s.ordersCreated} orders created (1 expected)`);
    if (s.erpSalesOrders !== 1)
      out.push(`retry storm: ${s.erpSalesOrders} ERP sales orders (1 expected)`);
    if (s.fiveXx) out.push(`retry storm: ${s.fiveXx} 5xx answers other than 503 with Retry-After`);
    if (s.unacknowledged)
      out.push(
        `retry storm: ${s.unacknowledged} of ${s.requests} deliveries never acknowledged (2xx) within the sender's attempts`,
      );
    if (s.distinctOrderIds > 1)
      out.push(`retry storm: ${s.distinctOrderIds} different orderIds answered`);
  }
  const p = r.poison;
  if (p && !p.notRun) {
    if (p.deadLettered < p.published)
      out.push(`poison: ${p.deadLettered} of ${p.published} dead-lettered`);
    if (p.withReason < p.deadLettered)
      out.push(`poison: ${p.deadLettered - p.withReason} dead letters without a reason`);
    if (p.replayed < p.deadLettered)
      out.push(`poison: ${p.replayed} of ${p.deadLettered} replayed`);
    if (p.secondReplayRefused < p.replayed)
      out.push(`poison: ${p.replayed - p.secondReplayRefused} dead letters replayed twice`);
  }
  const b = r.badInputs;
  if (b) {
    if (b.total.accepted) out.push(`bad inputs: ${b.total.accepted} accepted`);
    if (b.total.fiveXx) out.push(`bad inputs: ${b.total.fiveXx} answered 5xx or no answer`);
    if (b.rowsPersisted) out.push(`bad inputs: ${b.rowsPersisted} rows persisted`);
  }
  if (r.ordering) out.push(...orderingViolations(r.ordering));
  if (r.erpDoubles) out.push(...erpDoubleViolations(r.erpDoubles));
  out.push(...leaseViolations(r.leases));
  for (const [schema, n] of Object.entries(r.outboxAfterDrain))
    if (typeof n === 'number' && n > 0) out.push(`outbox ${schema}: ${n} unpublished after drain`);
  return out;
}
