import { CanonicalOrder, validateContract } from '@retail/contracts';
import fc from 'fast-check';
import adobe from './__fixtures__/adobe-commerce-order.json';
import amazonV0 from './__fixtures__/amazon-order-v0.json';
import amazonV2026 from './__fixtures__/amazon-order-v2026.json';
import bigcommerce from './__fixtures__/bigcommerce-order.json';
import { channelRequest, copy } from './__fixtures__/channel-request';
import sfcc from './__fixtures__/salesforce-commerce-order.json';
import shopify from './__fixtures__/shopify-orders-create.json';
import square from './__fixtures__/square-order.json';
import { checkCanonicalOrder } from './canonical-check';
import { CHANNEL_ADAPTERS } from './channel-adapter';
import type { ChannelName } from './channel-types';

const FIXTURES: Array<[ChannelName, unknown]> = [
  ['shopify', shopify],
  ['square', square],
  ['amazon', amazonV2026],
  ['amazon', amazonV0],
  ['adobe-commerce', adobe],
  ['bigcommerce', bigcommerce],
  ['salesforce-commerce', sfcc],
];

/** The canonical orders the adapters make of the vendor fixtures (all valid). */
const MAPPED: CanonicalOrder[] = FIXTURES.map(([channel, payload]) =>
  JSON.parse(
    JSON.stringify(CHANNEL_ADAPTERS[channel].map(channelRequest(copy(payload))).canonical),
  ),
);

type Json = Record<string, unknown>;

/** Every path of an object (objects and arrays descended into), e.g. ['lines', 0, 'sku']. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => {
    const path = [...prefix, k];
    return [path, ...pathsOf((value as Json)[k as string], path)];
  });
}

const DELETE = Symbol('delete');
// Values that break one rule or another of the contract, and a few valid ones.
const VALUES: unknown[] = [
  DELETE,
  undefined,
  null,
  '',
  ' ',
  'x',
  'x'.repeat(21),
  'x'.repeat(33),
  'x'.repeat(65),
  'x'.repeat(101),
  'x'.repeat(129),
  'x'.repeat(201),
  'x'.repeat(255),
  0,
  -1,
  1,
  1.5,
  1_000_001,
  Number.MAX_SAFE_INTEGER + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  101,
  true,
  {},
  [],
  [{}],
  'stock',
  'non_stock',
  'ship',
  'pickup',
  'ship_from_store',
  'captured',
  'review',
  'EUR',
  'eur',
  'ZZZ',
  'US',
  'ZZ',
  'a@example.com',
  'not-an-email',
  '2026-11-20T13:03:11Z',
  '2026-02-30T10:00:00Z',
  '2026-11-20',
  '2026-11-20T13:03:11',
  'Shopify',
  '\ud83d\ude00'.repeat(20),
];

function mutate(order: CanonicalOrder, edits: Array<[number, number, string]>): Json {
  const out = structuredClone(order) as unknown as Json;
  for (const [pathPick, valuePick, newKey] of edits) {
    const paths = pathsOf(out);
    const path = paths[pathPick % paths.length] ?? [];
    const value = VALUES[valuePick % VALUES.length];
    // A third of the edits add a key next to the chosen one (unknown unless it happens to exist).
    const target = newKey ? [...path.slice(0, -1), newKey] : path;
    let owner: Json = out;
    for (const step of target.slice(0, -1)) {
      const next = owner[step as string];
      if (typeof next !== 'object' || next === null) return out;
      owner = next as Json;
    }
    const last = target[target.length - 1] as string;
    if (value === DELETE) delete owner[last];
    else owner[last] = value;
  }
  return out;
}

const KEYS = ['', '', 'sku', 'locationId', 'kind', 'payments', 'email', 'extra', 'toString'];

describe('checkCanonicalOrder', () => {
  it.each(MAPPED.map((o, i) => [FIXTURES[i][0], o] as const))(
    'takes every mapped %s fixture on the fast path, as the contract accepts it',
    (_channel, order) => {
      const input = structuredClone(order);
      const result = checkCanonicalOrder(input);
      expect(result.errors).toEqual([]);
      expect(result.value).toBe(input);
      expect(validateContract(CanonicalOrder, structuredClone(order)).errors).toEqual([]);
    },
  );

  it('answers exactly what the contract answers for mutated orders (never lets through more)', () => {
    let fast = 0;
    let slow = 0;
    fc.assert(
      fc.property(
        fc.nat(MAPPED.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...KEYS)), {
          minLength: 1,
          maxLength: 3,
        }),
        (pick, edits) => {
          const input = mutate(MAPPED[pick], edits) as unknown as CanonicalOrder;
          const expected = validateContract(CanonicalOrder, structuredClone(input)).errors;
          const result = checkCanonicalOrder(input);
          if (result.value === input) fast++;
          else slow++;
          expect(result.errors).toEqual(expected);
        },
      ),
      { numRuns: 1500 },
    );
    // Both paths were exercised: valid edits stay fast, the others fall back.
    expect(fast).toBeGreaterThan(50);
    expect(slow).toBeGreaterThan(50);
  });

  it('falls back to the contract for an unknown key, a null optional field and a class instance', () => {
    const base = MAPPED[0];
    const unknownKey = { ...structuredClone(base), toString: 'x' } as CanonicalOrder;
    const checked = checkCanonicalOrder(unknownKey);
    expect(checked.value).not.toBe(unknownKey);
    expect(checked.errors).toEqual(validateContract(CanonicalOrder, unknownKey).errors);
    const nullOptional = { ...structuredClone(base), billingAddress: null } as never;
    const viaContract = checkCanonicalOrder(nullOptional);
    expect(viaContract.value).not.toBe(nullOptional);
    expect(viaContract.errors).toEqual([]);
    const instance = Object.assign(new CanonicalOrder(), structuredClone(base));
    expect(checkCanonicalOrder(instance).value).not.toBe(instance);
  });
});
