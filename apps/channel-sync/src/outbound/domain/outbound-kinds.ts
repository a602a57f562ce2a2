/** The kinds of push, each a job kind of the account's outbound queue. */
export const OUTBOUND_KINDS = [
  'cancellation',
  'shipment',
  'refund',
  'acknowledgement',
  'availability',
] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

/**
 * Claim order within an account (lower first): what a customer is waiting for (a cancellation,
 * tracking, a refund) before an acknowledgement, and both before availability refreshes.
 */
export const PRIORITY: Record<OutboundKind, number> = {
  cancellation: 0,
  shipment: 0,
  refund: 0,
  acknowledgement: 1,
  availability: 5,
};

/** The queue of one account in the `jobs` table. */
export const outboundQueue = (account: string) => `outbound.${account}`;

/** The one job that drains an account's pending availability rows. */
export const AVAILABILITY_JOB = 'availability';

/** Job key of one push: `<kind>:<id>`, so a redelivered event cannot queue it twice. */
export const jobKey = (kind: Exclude<OutboundKind, 'availability'>, id: string) => `${kind}:${id}`;

export function kindOfKey(key: string): OutboundKind | undefined {
  const kind = key.split(':', 1)[0];
  return (OUTBOUND_KINDS as readonly string[]).includes(kind) ? (kind as OutboundKind) : undefined;
}
