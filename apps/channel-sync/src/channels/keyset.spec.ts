import { decodeKeyset, encodeKeyset, firstKeyset, type Keyset, nextKeyset } from './keyset';

interface Order {
  id: string;
  updatedAt: Date;
  seq: number;
}

const T0 = Date.parse('2024-05-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/**
 * A page-numbered channel listing as Adobe Commerce or BigCommerce serve it: updated at or after
 * `since` (second precision), sorted by last-modified then insertion, page `page` of `size`.
 */
class PagedChannel {
  private seq = 0;
  readonly orders = new Map<string, Order>();

  add(id: string, updatedAt: Date): void {
    this.orders.set(id, { id, updatedAt, seq: ++this.seq });
  }

  /** A change in the channel: the order moves to the end of the listing. */
  touch(id: string, updatedAt: Date): void {
    this.add(id, updatedAt);
  }

  list(since: Date, page: number, size: number): Order[] {
    return [...this.orders.values()]
      .filter((o) => Math.floor(o.updatedAt.getTime() / 1000) * 1000 >= since.getTime())
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.seq - b.seq)
      .slice((page - 1) * size, page * size);
  }
}

/** Pulls a whole window as channel-sync's clients do; `afterPage` runs between pages. */
function pullAll(channel: PagedChannel, size: number, afterPage: (n: number) => void = () => {}) {
  const seen = new Set<string>();
  let keyset: Keyset | undefined = firstKeyset(at(0));
  let requests = 0;
  while (keyset) {
    const page = channel.list(new Date(keyset.since), keyset.page, size);
    page.forEach((o) => seen.add(o.id));
    afterPage(++requests);
    keyset = nextKeyset(keyset, page, page.length === size);
    if (requests > 1000) throw new Error('the listing never ends');
  }
  return { seen, requests };
}

describe('keyset paging', () => {
  it('never skips orders sharing a timestamp across a page boundary', () => {
    const channel = new PagedChannel();
    // 3 pages' worth: 70 orders at 0 s, 80 at 1 s (crossing the boundary at 100), 60 at 2 s.
    for (let i = 0; i < 70; i++) channel.add(`a${i}`, at(0));
    for (let i = 0; i < 80; i++) channel.add(`b${i}`, at(1));
    for (let i = 0; i < 60; i++) channel.add(`c${i}`, at(2));

    const { seen } = pullAll(channel, 100);

    expect(seen.size).toBe(210);
  });

  it('walks a run of one timestamp longer than a page by page number, and ends', () => {
    const channel = new PagedChannel();
    for (let i = 0; i < 250; i++) channel.add(`same${i}`, at(5));

    const { seen, requests } = pullAll(channel, 100);

    expect(seen.size).toBe(250);
    expect(requests).toBeLessThanOrEqual(4);
  });

  it('loses nothing when orders already read change during the pull (page numbers would)', () => {
    const channel = new PagedChannel();
    for (let i = 0; i < 300; i++) channel.add(`o${i}`, at(i));
    const before = new Set(channel.orders.keys());
    // After the first page, 10 orders of that page are updated in the channel: with plain page
    // numbers every later order would shift 10 places up and 10 would never be listed.
    const { seen } = pullAll(channel, 100, (n) => {
      if (n === 1) for (let i = 0; i < 10; i++) channel.touch(`o${i}`, at(1000 + i));
    });

    expect([...before].filter((id) => !seen.has(id))).toEqual([]);
  });

  it('stores as an opaque token; a token of another format starts the window again', () => {
    const keyset = { since: '2024-05-01T10:00:07.000Z', page: 3 };
    expect(decodeKeyset(encodeKeyset(keyset), at(0))).toEqual(keyset);
    expect(decodeKeyset('2', at(0))).toEqual({ since: '2024-05-01T10:00:00.000Z', page: 1 });
    expect(decodeKeyset(undefined, new Date(T0 + 1500))).toEqual({
      since: '2024-05-01T10:00:01.000Z',
      page: 1,
    });
  });
});
