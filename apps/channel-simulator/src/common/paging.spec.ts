import { decodeToken, encodeToken, pageAt, pageOffset } from './paging';

const items = Array.from({ length: 10 }, (_, i) => i);
const none = { duplicatePages: false, outOfOrder: false };

describe('paging', () => {
  it('pages without overlap and ends on the last page', () => {
    expect(pageAt(items, 0, 4, none)).toEqual({ items: [0, 1, 2, 3], nextOffset: 4 });
    expect(pageAt(items, 8, 4, none)).toEqual({ items: [8, 9], nextOffset: undefined });
  });

  it('duplicatePages: the last item of a page is the first of the next, none is skipped', () => {
    const faults = { duplicatePages: true, outOfOrder: false };
    const seen: number[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page: { items: number[]; nextOffset?: number } = pageAt(items, offset, 4, faults);
      seen.push(...page.items);
      offset = page.nextOffset;
    }

    expect(seen).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9]);
    expect(pageOffset(3, 4, faults)).toBe(6);
  });

  it('outOfOrder: each page comes reversed', () => {
    expect(pageAt(items, 0, 3, { duplicatePages: false, outOfOrder: true }).items).toEqual([
      2, 1, 0,
    ]);
  });

  it('round-trips opaque tokens and refuses garbage', () => {
    expect(decodeToken(encodeToken({ o: 3 }))).toEqual({ o: 3 });
    expect(decodeToken('not-a-token')).toBeUndefined();
  });
});
