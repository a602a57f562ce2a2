import { validateContract as sut } from '../../common/v1/validate-contract';
import { loadFixture } from '../../testing/load-fixture';
import { ChannelMapping } from './channel-mapping';
import { CustomerMatchBatchItem, CustomerMatchBatchRequest } from './customer-match-batch';
import { CustomerMatchRequest } from './customer-match-request';
import { Location } from './location';
import { Product } from './product';

type Plain = Record<string, any>;
const product = (): Plain => loadFixture(__dirname, 'product.json');
const location = (): Plain => loadFixture(__dirname, 'location.json');

describe('Product contract', () => {
  it('accepts the golden product', () => {
    expect(sut(Product, product()).errors).toEqual([]);
  });

  it.each([
    ['a bad status', (p: Plain) => (p.status = 'archived'), 'status'],
    ['a fee over 100%', (p: Plain) => (p.restockingFeePercent = 101), 'restockingFeePercent'],
    [
      'a fee with three decimals',
      (p: Plain) => (p.restockingFeePercent = 1.125),
      'restockingFeePercent',
    ],
    ['a bad GTIN', (p: Plain) => (p.gtin = '12345'), 'gtin'],
    ['a fractional version', (p: Plain) => (p.version = 1.5), 'version'],
    ['a string boolean', (p: Plain) => (p.returnable = 'yes'), 'returnable'],
    ['an unknown field', (p: Plain) => (p.colour = 'black'), 'colour'],
  ])('rejects %s', (_name, mutate, field) => {
    const plain = product();
    mutate(plain);
    expect(sut(Product, plain).errors.map((e) => e.field)).toContain(field);
  });
});

describe('Location contract', () => {
  it('accepts the golden location and a root without parent', () => {
    expect(sut(Location, location()).errors).toEqual([]);
    const root: Plain = { ...location(), type: 'network' };
    delete root.parentId;
    expect(sut(Location, root).errors).toEqual([]);
  });

  it.each([
    ['a bad type', (l: Plain) => (l.type = 'warehouse'), 'type'],
    ['a missing capability', (l: Plain) => delete l.capabilities.returns, 'capabilities.returns'],
    ['an unknown capability', (l: Plain) => (l.capabilities.drive = true), 'capabilities.drive'],
  ])('rejects %s', (_name, mutate, field) => {
    const plain = location();
    mutate(plain);
    expect(sut(Location, plain).errors.map((e) => e.field)).toContain(field);
  });
});

describe('ChannelMapping and CustomerMatchRequest contracts', () => {
  it('validates a mapping', () => {
    expect(sut(ChannelMapping, { sku: 'TSHIRT-BLK-M' }).errors).toEqual([]);
    expect(sut(ChannelMapping, {}).errors.map((e) => e.field)).toEqual(['sku']);
  });

  it('validates a match request', () => {
    expect(sut(CustomerMatchRequest, { channel: 'pos', email: 'a@example.com' }).errors).toEqual(
      [],
    );
    const bad = sut(CustomerMatchRequest, { channel: 'pos', email: 'not-an-email' });
    expect(bad.errors.map((e) => e.field)).toEqual(['email']);
  });

  it('validates a batch entry: a match request for one order', () => {
    const entry = { channel: 'pos', orderId: 'o-1', correlationId: 'c-1', name: 'Ada' };
    expect(sut(CustomerMatchBatchItem, entry).errors).toEqual([]);
    const noOrder = sut(CustomerMatchBatchItem, { channel: 'pos', email: 'a@example.com' });
    expect(noOrder.errors.map((e) => e.field)).toEqual(['orderId']);
    expect(sut(CustomerMatchBatchRequest, { matches: [] }).errors.map((e) => e.field)).toEqual([
      'matches',
    ]);
  });
});
