import fc from 'fast-check';
import { MAX_COUNT, MAX_MOVEMENT_BATCH } from '../../common/v1/patterns';
import { validateContract, validateContractList } from '../../common/v1/validate-contract';
import { loadFixture } from '../../testing/load-fixture';
import { DELETE_FIELD, mutateFields } from '../../testing/mutate-fields';
import { InventoryMovement } from './inventory-movement';
import { INVENTORY_MOVEMENT_CONTRACT as sut } from './inventory-movement.compiled';

type Plain = Record<string, unknown>;
const batch = (): Plain[] => loadFixture(__dirname, 'movement-batch.json');
const movement = (over: Plain): Plain => ({ ...batch()[1], ...over });
const contractList = (plain: unknown) =>
  validateContractList(InventoryMovement, structuredClone(plain), MAX_MOVEMENT_BATCH);

// Values at and around every limit of the movement contract, and of other types.
const VALUES: unknown[] = [
  DELETE_FIELD,
  null,
  '',
  'x',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(200),
  'x'.repeat(201),
  '\ud83d\ude00'.repeat(64),
  '\ud83d\ude00'.repeat(65),
  'e\u0301\ufe0f'.repeat(40),
  0,
  -1,
  1,
  1.5,
  MAX_COUNT,
  MAX_COUNT + 1,
  -MAX_COUNT - 1,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  {},
  [],
  'receipt',
  'adjustment',
  'snapshot',
  'theft',
  '2026-11-20T07:30:00Z',
  '2026-11-20T07:30Z',
  '2026-11-20T07:30:00.123456789+02:00',
  '2026-02-30T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '2028-02-29T10:00:00Z',
  '2026-11-20T24:00:00Z',
  '2026-11-20T23:59:60Z',
  '2026-11-20T07:30:00',
  '2026-11-20 07:30',
  '2026-11-20',
];
const KEYS = [...Object.keys(batch()[1]), 'reason', 'warehouseBin'];

const mutate = (base: Plain, edits: Array<[number, number]>): Plain =>
  mutateFields(base, KEYS, VALUES, edits);

describe('INVENTORY_MOVEMENT_CONTRACT (compiled fast path)', () => {
  it('accepts the golden batch as the request sent it: no class instance per movement', () => {
    const plain = batch();
    const { values, errors } = sut.validateList(plain, MAX_MOVEMENT_BATCH);
    expect(errors).toEqual([]);
    expect(values).toBe(plain);
    expect(values.every((m) => Object.getPrototypeOf(m) === Object.prototype)).toBe(true);
  });

  it('accepts one movement as it is', () => {
    const plain = movement({ type: 'adjustment', quantity: -5, reason: 'cycle count' });
    expect(sut.validate(plain)).toEqual({ value: plain, errors: [] });
    expect(sut.validate(plain).value).toBe(plain);
  });

  it.each([
    ['a negative receipt', { type: 'receipt', quantity: -1 }],
    ['a zero sale', { type: 'sale', quantity: 0 }],
    ['a zero adjustment', { type: 'adjustment', quantity: 0 }],
    ['a negative snapshot', { type: 'snapshot', quantity: -1 }],
    ['a receipt over the count limit', { quantity: MAX_COUNT + 1 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['a quantity as a string', { quantity: '3' }],
    ['an unknown type', { type: 'theft' }],
    ['a negative sequence', { sourceSequence: -1 }],
    ['a sequence past the safe integers', { sourceSequence: Number.MAX_SAFE_INTEGER + 2 }],
    ['a local timestamp', { occurredAt: '2026-11-20 07:30' }],
    ['a timestamp without offset', { occurredAt: '2026-11-20T07:30:00' }],
    ['an impossible date', { occurredAt: '2026-02-30T10:00:00Z' }],
    ['an unknown field', { warehouseBin: 'A-1' }],
    ['an empty sku', { sku: '' }],
    ['a sku of 65 characters', { sku: 'x'.repeat(65) }],
    ['a numeric location', { locationId: 7 }],
    ['an event id of 129 characters', { eventId: 'x'.repeat(129) }],
    ['a reason of 201 characters', { reason: 'x'.repeat(201) }],
    ['an empty reason', { reason: '' }],
  ])('refuses %s with exactly the contract’s errors', (_name, over) => {
    const plain = [batch()[0], movement(over)];
    const expected = contractList(plain);
    expect(expected.errors.length).toBeGreaterThan(0);
    expect(sut.validateList(plain, MAX_MOVEMENT_BATCH).errors).toEqual(expected.errors);
    expect(sut.validate(movement(over)).errors).toEqual(
      validateContract(InventoryMovement, movement(over)).errors,
    );
  });

  it.each([
    ['a missing field', () => ({ ...movement({}), sku: undefined })],
    ['a null entry', () => null],
    ['an array entry', () => []],
    ['a string entry', () => 'receipt'],
  ])('refuses a batch with %s with exactly the contract’s errors', (_name, entry) => {
    const plain: unknown[] = batch();
    plain[1] = entry();
    if (plain[1] && typeof plain[1] === 'object') delete (plain[1] as Plain).sku;
    const expected = contractList(plain).errors;
    expect(expected.length).toBeGreaterThan(0);
    expect(sut.validateList(plain, MAX_MOVEMENT_BATCH).errors).toEqual(expected);
  });

  it('refuses what is not a list, or a list over the limit, as the contract does', () => {
    const over = Array.from({ length: 4 }, () => batch()[1]);
    expect(sut.validateList(over, 3).errors).toEqual(
      validateContractList(InventoryMovement, over, 3).errors,
    );
    expect(sut.validateList({ a: 1 }, 3).errors).toEqual([
      { field: '', message: 'payload must be a JSON array' },
    ]);
    expect(sut.validate([]).errors).toEqual([
      { field: '', message: 'payload must be a JSON object' },
    ]);
  });

  it('leaves to the contract what the schema is stricter about (a null optional reason)', () => {
    const plain = movement({ reason: null });
    expect(sut.accepts(plain)).toBe(false);
    expect(sut.validate(plain).errors).toEqual([]);
    expect(sut.validateList([plain], MAX_MOVEMENT_BATCH).errors).toEqual([]);
  });

  it('answers exactly what the contract answers for mutated movements (never lets more through)', () => {
    let fast = 0;
    let slow = 0;
    fc.assert(
      fc.property(
        fc.nat(batch().length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
        (pick, edits) => {
          const plain = mutate(batch()[pick], edits);
          const expected = validateContract(InventoryMovement, structuredClone(plain));
          if (sut.accepts(plain)) fast++;
          else slow++;
          if (sut.accepts(plain)) expect(expected.errors).toEqual([]);
          const result = sut.validateList([plain], MAX_MOVEMENT_BATCH);
          expect(result.errors).toEqual(contractList([plain]).errors);
          if (result.errors.length === 0) expect(result.values).toEqual([expected.value]);
        },
      ),
      { numRuns: 1000 },
    );
    // Both paths were exercised: valid edits stay fast, the others fall back.
    expect(fast).toBeGreaterThan(50);
    expect(slow).toBeGreaterThan(50);
  });
});
