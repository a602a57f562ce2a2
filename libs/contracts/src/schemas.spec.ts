import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchemas as sut, SCHEMA_DIR } from './schema/build-schemas';
import { loadFixture } from './testing/load-fixture';

const dir = join(__dirname, '../../..', SCHEMA_DIR);
const generated = sut();
const checkedIn = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
);
const HINT = 'run `npm run schemas` and commit libs/contracts/schemas';

describe('checked-in JSON Schemas', () => {
  it(`list exactly the contract classes (${HINT})`, () => {
    expect(Object.keys(checkedIn).sort()).toEqual(Object.keys(generated).sort());
  });

  it.each(Object.keys(generated))(`%s matches the class (${HINT})`, (name) => {
    expect(checkedIn[name]).toBe(generated[name]);
  });

  it('is byte-stable across generations', () => {
    expect(sut()).toEqual(generated);
  });
});

describe('generated schemas agree with the classes', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const text of Object.values(generated)) ajv.addSchema(JSON.parse(text));
  const check = (schema: string, plain: unknown) => ajv.validate(`${schema}.json`, plain);
  const domainDir = (domain: string) => join(__dirname, domain, 'v1');

  it('accept the golden fixtures', () => {
    expect(check('CanonicalOrder', loadFixture(domainDir('orders'), 'canonical-order.json'))).toBe(
      true,
    );
    const pos = loadFixture(domainDir('orders'), 'canonical-order-non-stock.json');
    expect(check('CanonicalOrder', pos)).toBe(true);
    expect(check('ReturnRequest', loadFixture(domainDir('returns'), 'return-request.json'))).toBe(
      true,
    );
    expect(check('Product', loadFixture(domainDir('masterdata'), 'product.json'))).toBe(true);
    expect(check('Location', loadFixture(domainDir('masterdata'), 'location.json'))).toBe(true);
    const batch = loadFixture<unknown[]>(domainDir('inventory'), 'movement-batch.json');
    expect(batch.every((m) => check('InventoryMovement', m))).toBe(true);
  });

  it.each([
    ['negative quantity', (o: any) => (o.lines[0].quantity = -1)],
    ['float amount', (o: any) => (o.lines[0].unitPrice = 19.99)],
    ['bad currency', (o: any) => (o.currency = 'euro')],
    ['bad enum', (o: any) => (o.payment.status = 'paid')],
    ['unknown field', (o: any) => (o.lines[0].colour = 'black')],
    ['pickup without store', (o: any) => delete o.lines[1].fulfillment.locationId],
    ['timestamp without offset', (o: any) => (o.orderedAt = '2026-11-20T14:03:11')],
  ])('reject an order with a %s, as the class does', (_name, mutate) => {
    const order = loadFixture(domainDir('orders'), 'canonical-order.json');
    mutate(order);
    expect(check('CanonicalOrder', order)).toBe(false);
  });

  it.each([
    ['a stock line without sku', (o: any) => delete o.lines[1].sku],
    ['a line without kind and sku', (o: any) => delete o.lines[0].kind],
    ['a tender with a float amount', (o: any) => (o.payments[0].amount = 10.5)],
  ])('reject a POS order with %s, as the class does', (_name, mutate) => {
    const order = loadFixture(domainDir('orders'), 'canonical-order-non-stock.json');
    mutate(order);
    expect(check('CanonicalOrder', order)).toBe(false);
  });
});
