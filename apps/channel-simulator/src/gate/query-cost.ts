import { isRecord } from '../common/request';
import { LimitDecision, LimitSpec } from '../limits/limit-spec';

/**
 * Shopify's `extensions.cost` of a GraphQL answer: requested and actual cost (the same here:
 * the simulator returns every node it is asked for) and the throttle status after the query.
 * `currentlyAvailable` is rounded down, so a caller waiting for the room it needs is never early.
 */
export function costExtension(
  requested: number,
  spec: LimitSpec,
  decision: LimitDecision,
): Record<string, unknown> {
  const restoreRate = spec.kind === 'bucket' ? spec.ratePerSecond : 0;
  return {
    requestedQueryCost: requested,
    actualQueryCost: decision.allowed ? requested : null,
    throttleStatus: {
      maximumAvailable: decision.capacity,
      currentlyAvailable: Math.max(0, Math.floor(decision.capacity - decision.used)),
      restoreRate,
    },
  };
}

/** The handler's answer with the cost added to its `extensions` (GraphQL answers only). */
export function withCost(body: unknown, cost: Record<string, unknown> | undefined): unknown {
  if (!cost || !isRecord(body)) return body;
  const extensions = isRecord(body.extensions) ? body.extensions : {};
  return { ...body, extensions: { ...extensions, cost } };
}
