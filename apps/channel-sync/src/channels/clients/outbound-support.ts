import type { ChannelClient, ChannelOrderRef } from '../channel-client';
import type { RefundPush, ShipmentPush } from '../channel-outbound';
import { ChannelRejectedError } from '../http/channel-errors';

/** How many SKUs one id lookup asks for. */
const LOOKUP_BATCH = 50;

/**
 * The channel's own id of a SKU (Shopify inventory item, Square item variation), looked up once
 * per SKU and kept for the process's life (they never change for a SKU). A SKU the channel does
 * not know is a refusal: the push is dead-lettered with that answer.
 */
export class ItemIds {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly channel: string,
    private readonly lookup: (skus: string[]) => Promise<Map<string, string>>,
  ) {}

  async resolve(skus: readonly string[]): Promise<Map<string, string>> {
    await this.lookUpMissing(skus);
    const unknown = skus.filter((s) => !this.known.has(s));
    if (unknown.length > 0)
      throw new ChannelRejectedError(
        this.channel,
        404,
        `no catalogue item with SKU ${unknown.slice(0, 5).join(', ')}`,
        JSON.stringify({ unknownSkus: unknown }),
      );
    return new Map(skus.map((s) => [s, this.known.get(s)!]));
  }

  /** The ids of the SKUs the channel knows; the others are left out (a read, not a refusal). */
  async resolveKnown(skus: readonly string[]): Promise<Map<string, string>> {
    await this.lookUpMissing(skus);
    return new Map(skus.filter((s) => this.known.has(s)).map((s) => [s, this.known.get(s)!]));
  }

  private async lookUpMissing(skus: readonly string[]): Promise<void> {
    const missing = [...new Set(skus.filter((s) => !this.known.has(s)))];
    for (let i = 0; i < missing.length; i += LOOKUP_BATCH) {
      const found = await this.lookup(missing.slice(i, i + LOOKUP_BATCH));
      for (const [sku, id] of found) this.known.set(sku, id);
    }
  }
}

/** An entry whose channel figure is read back (reconciliation): a channel SKU at a location. */
export type AvailabilityEntry = { channelSku: string; location: string };

/** Distinct values, in first-seen order. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** A line of the channel's order with what is still open to ship or cancel. */
export interface OpenLine<I> {
  id: I;
  sku: string | undefined;
  open: number;
}

/**
 * Spreads shipped units over the channel's open lines of the same SKU (an order may list a SKU
 * twice), never more than a line has open: what is left is already shipped there.
 */
export function allocate<I>(
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
  open: Array<OpenLine<I>>,
): Array<{ id: I; quantity: number }> {
  const picked: Array<{ id: I; quantity: number }> = [];
  for (const line of lines) {
    let left = line.quantity;
    for (const candidate of open) {
      if (left === 0) break;
      if (candidate.sku !== line.sku || candidate.open <= 0) continue;
      const quantity = Math.min(left, candidate.open);
      picked.push({ id: candidate.id, quantity });
      candidate.open -= quantity;
      left -= quantity;
    }
  }
  return picked;
}

/** The order as the channel holds it; an order the channel does not know is a refusal. */
export async function orderToPush(
  client: ChannelClient,
  channel: string,
  channelOrderId: string,
): Promise<ChannelOrderRef> {
  const ref = await client.fetchOrder(channelOrderId);
  if (!ref) throw new ChannelRejectedError(channel, 404, `no order ${channelOrderId}`);
  return ref;
}

/** What a channel shows of one shipment of an order: its free-text notes and tracking numbers. */
export interface ChannelShipment {
  notes: ReadonlyArray<unknown>;
  trackingNumbers: ReadonlyArray<unknown>;
}

/** The note channel-sync writes on a shipment where the channel keeps one: our shipment id. */
export function shipmentNote(s: ShipmentPush): string {
  return `shipment ${s.shipmentId}`;
}

/**
 * Whether the channel already holds this shipment (a retried push): one of the order's shipments
 * carries our shipment id, or our tracking number. Judged by the shipment's own identity, not by
 * the units still open, so a second partial shipment of the same SKU is still written.
 */
export function alreadyShipped(found: ReadonlyArray<ChannelShipment>, s: ShipmentPush): boolean {
  const note = shipmentNote(s);
  return found.some(
    (f) =>
      f.notes.some((n) => n === s.shipmentId || n === note) ||
      (!!s.trackingNumber && f.trackingNumbers.some((t) => t === s.trackingNumber)),
  );
}

/** The note channel-sync writes on a refund where the channel keeps one: our return id. */
export function refundNote(r: RefundPush): string {
  return `return ${r.refundId}`;
}

/** Minor units as the decimal string the channel APIs take (`1234` EUR -> `12.34`, JPY as is). */
export function majorUnits(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}
