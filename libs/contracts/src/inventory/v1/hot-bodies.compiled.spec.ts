import fc from 'fast-check';
import { CompiledContract } from '../../common/v1/compiled-contract';
import { MAX_AVAILABILITY_QUERY_SKUS, MAX_QUANTITY } from '../../common/v1/patterns';
import { type ContractClass, validateContract } from '../../common/v1/validate-contract';
import { DELETE_FIELD, mutateFields } from '../../testing/mutate-fields';
import { AvailabilityQuery } from './availability-query';
import { AVAILABILITY_QUERY_CONTRACT } from './availability-query.compiled';
import { ReservationRequest } from './reservation-request';
import { RESERVATION_REQUEST_CONTRACT } from './reservation-request.compiled';

type Plain = Record<string, unknown>;

// Values at and around every limit of both contracts, and of other types.
const VALUES: unknown[] = [
  DELETE_FIELD,
  null,
  undefined,
  '',
  ' ',
  'x',
  'shopify',
  'Shopify',
  '-shopify',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  '\ud83d\ude00'.repeat(64),
  '\ud83d\ude00'.repeat(65),
  '\ud83d',
  0,
  1,
  -1,
  1.5,
  MAX_QUANTITY,
  MAX_QUANTITY + 1,
  true,
  {},
  [],
  [''],
  ['SKU-1'],
  ['SKU-1', 'SKU-1'],
  ['SKU-1', 7],
  ['SKU-1', null],
  ['x'.repeat(65)],
  Array.from({ length: MAX_AVAILABILITY_QUERY_SKUS }, (_, i) => `S-${i}`),
  Array.from({ length: MAX_AVAILABILITY_QUERY_SKUS + 1 }, (_, i) => `S-${i}`),
];

interface Case {
  name: string;
  type: ContractClass<object>;
  sut: Pick<CompiledContract<object>, 'accepts' | 'validate'>;
  valid: () => Plain;
  keys: string[];
}

const CASES: Case[] = [
  {
    name: 'AVAILABILITY_QUERY_CONTRACT',
    type: AvailabilityQuery,
    sut: AVAILABILITY_QUERY_CONTRACT,
    valid: () => ({ skus: ['SKU-1', 'SKU-2'], channel: 'shopify', locationId: 'dc-east' }),
    keys: ['skus', 'channel', 'locationId', 'sku'],
  },
  {
    name: 'RESERVATION_REQUEST_CONTRACT',
    type: ReservationRequest,
    sut: RESERVATION_REQUEST_CONTRACT,
    valid: () => ({
      orderId: 'shopify-1001',
      lineId: '1',
      sku: 'SKU-1',
      quantity: 2,
      channel: 'shopify',
      locationId: 'dc-east',
    }),
    keys: ['orderId', 'lineId', 'sku', 'quantity', 'channel', 'locationId', 'note'],
  },
];

describe.each(CASES)('$name (compiled fast path)', ({ type, sut, valid, keys }) => {
  it('is the fast path registered for its class (what the validation pipe uses)', () => {
    expect(CompiledContract.of(type)).toBe(sut);
  });

  it('accepts a valid body as the request sent it: no class instance', () => {
    const plain = valid();
    const { value, errors } = sut.validate(plain);
    expect(errors).toEqual([]);
    expect(value).toBe(plain);
  });

  it('answers exactly what the contract answers for mutated bodies (never lets more through)', () => {
    let fast = 0;
    let slow = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
        (edits) => {
          const plain = mutateFields(valid(), keys, VALUES, edits);
          const expected = validateContract(type, structuredClone(plain));
          if (sut.accepts(plain)) {
            fast++;
            expect(expected.errors).toEqual([]);
          } else slow++;
          expect(sut.validate(plain).errors).toEqual(expected.errors);
        },
      ),
      { numRuns: 1000 },
    );
    // Both paths were exercised: valid edits stay fast, the others fall back.
    expect(fast).toBeGreaterThan(30);
    expect(slow).toBeGreaterThan(30);
  });
});
