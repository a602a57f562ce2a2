import { ChannelFaults } from '../gate/fault-config';

export interface Page<T> {
  items: T[];
  /** Offset of the next page, undefined on the last one. */
  nextOffset?: number;
}

type PageFaults = Pick<ChannelFaults, 'duplicatePages' | 'outOfOrder'>;

/**
 * One page of an already filtered and sorted list. Faults: `duplicatePages` makes pages overlap
 * by one (the last order of a page is the first of the next), `outOfOrder` reverses each page.
 */
export function pageAt<T>(all: T[], offset: number, size: number, faults: PageFaults): Page<T> {
  const items = all.slice(offset, offset + size);
  if (faults.outOfOrder) items.reverse();
  const stride = faults.duplicatePages ? Math.max(1, size - 1) : size;
  const end = offset + size;
  return { items, nextOffset: end < all.length ? offset + stride : undefined };
}

/** Offset of page `page` (1-based) for page-number APIs, honouring the overlap fault. */
export function pageOffset(page: number, size: number, faults: PageFaults): number {
  const stride = faults.duplicatePages ? Math.max(1, size - 1) : size;
  return (page - 1) * stride;
}

/** Opaque cursors (base64url JSON): the original query and the offset reached. */
export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: string): T | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}
