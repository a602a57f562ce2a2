import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

/**
 * Channel-side ids of a SKU (Shopify variant / inventory item, BigCommerce product / variant,
 * Square item variation), derived from the SKU so they are stable across restarts, and
 * remembered so a call naming only the id can be traced back to its SKU.
 */
@Injectable()
export class Catalog {
  private readonly skus = new Map<string, string>();

  /** A numeric id in the vendor's style: base + a 9-digit hash of kind and SKU. */
  numericId(kind: string, sku: string, base: number): number {
    const hash =
      createHash('sha1').update(`${kind}:${sku}`).digest().readUInt32BE(0) % 1_000_000_000;
    const id = base + hash;
    this.skus.set(`${kind}:${id}`, sku);
    return id;
  }

  /** A Square-style catalog object id (uppercase base32-ish, 24 characters). */
  textId(kind: string, sku: string): string {
    const id = createHash('sha1').update(`${kind}:${sku}`).digest('hex').slice(0, 24).toUpperCase();
    this.skus.set(`${kind}:${id}`, sku);
    return id;
  }

  skuOf(kind: string, id: string | number): string | null {
    return this.skus.get(`${kind}:${id}`) ?? null;
  }
}
