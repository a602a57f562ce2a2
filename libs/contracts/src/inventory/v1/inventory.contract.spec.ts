import { MAX_MOVEMENT_BATCH } from '../../common/v1/patterns';
import { validateContract, validateContractList as sut } from '../../common/v1/validate-contract';
import { loadFixture } from '../../testing/load-fixture';
import { AllocationRuleSet } from './allocation-rule-set';
import { AvailabilityQuery } from './availability-query';
import { InventoryMovement } from './inventory-movement';
import { ReservationRequest } from './reservation-request';

type Plain = Record<string, any>;
const batch = (): Plain[] => loadFixture(__dirname, 'movement-batch.json');
const movement = (over: Plain): Plain => ({ ...batch()[1], ...over });
const fieldsOf = (plain: unknown) =>
  validateContract(InventoryMovement, plain).errors.map((e) => e.field);

describe('InventoryMovement contract', () => {
  it('accepts the golden movement batch', () => {
    const { values, errors } = sut(InventoryMovement, batch(), MAX_MOVEMENT_BATCH);
    expect(errors).toEqual([]);
    expect(values.map((m) => m.type)).toEqual([
      'snapshot',
      'receipt',
      'adjustment',
      'sale',
      'damage',
    ]);
  });

  it.each([
    ['a negative adjustment', { type: 'adjustment', quantity: -5 }],
    ['a positive adjustment', { type: 'adjustment', quantity: 5 }],
    ['a snapshot of zero', { type: 'snapshot', quantity: 0 }],
  ])('accepts %s', (_name, over) => {
    expect(fieldsOf(movement(over))).toEqual([]);
  });

  it.each([
    ['a negative receipt', { type: 'receipt', quantity: -1 }, 'quantity'],
    ['a zero sale', { type: 'sale', quantity: 0 }, 'quantity'],
    ['a zero adjustment', { type: 'adjustment', quantity: 0 }, 'quantity'],
    ['a negative snapshot', { type: 'snapshot', quantity: -1 }, 'quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'quantity'],
    ['an unknown type', { type: 'theft' }, 'type'],
    ['a negative sequence', { sourceSequence: -1 }, 'sourceSequence'],
    ['a local timestamp', { occurredAt: '2026-11-20 07:30' }, 'occurredAt'],
    ['an unknown field', { warehouseBin: 'A-1' }, 'warehouseBin'],
  ])('rejects %s', (_name, over, field) => {
    expect(fieldsOf(movement(over))).toContain(field);
  });

  it('prefixes batch errors with the entry index', () => {
    const plain = batch();
    plain[3].quantity = -1;
    expect(sut(InventoryMovement, plain, MAX_MOVEMENT_BATCH).errors.map((e) => e.field)).toEqual([
      '3.quantity',
    ]);
  });

  it('refuses a batch over the limit', () => {
    const plain = Array.from({ length: MAX_MOVEMENT_BATCH + 1 }, () => batch()[1]);
    expect(sut(InventoryMovement, plain, MAX_MOVEMENT_BATCH).errors).toHaveLength(1);
  });
});

describe('reservation, availability and allocation contracts', () => {
  const reservation = { orderId: 'o1', lineId: 'l1', sku: 'S1', quantity: 2, channel: 'shopify' };

  it('accepts a reservation request and rejects a negative quantity', () => {
    expect(validateContract(ReservationRequest, reservation).errors).toEqual([]);
    const bad = validateContract(ReservationRequest, { ...reservation, quantity: -2 });
    expect(bad.errors.map((e) => e.field)).toEqual(['quantity']);
  });

  it('limits an availability query to 1000 SKUs', () => {
    const skus = (n: number) => Array.from({ length: n }, (_, i) => `S${i}`);
    expect(
      validateContract(AvailabilityQuery, { skus: skus(1000), channel: 'web' }).errors,
    ).toEqual([]);
    const bad = validateContract(AvailabilityQuery, { skus: skus(1001), channel: 'web' });
    expect(bad.errors.map((e) => e.field)).toEqual(['skus']);
  });

  it('needs a share or a safety stock in every allocation rule', () => {
    const ok = { rules: [{ locationId: 'region-de', sharePercent: 40 }, { safetyStock: 2 }] };
    expect(validateContract(AllocationRuleSet, ok).errors).toEqual([]);
    const empty = validateContract(AllocationRuleSet, { rules: [{ locationId: 'dc-east' }] });
    expect(empty.errors.map((e) => e.field)).toContain('rules.0.sharePercent');
    const over = validateContract(AllocationRuleSet, { rules: [{ sharePercent: 120 }] });
    expect(over.errors.map((e) => e.field)).toEqual(['rules.0.sharePercent']);
  });
});
