import { parseProductLine as sut } from './ndjson-line';

const good = {
  sku: 'SKU-1',
  name: 'Shirt',
  erpItemId: 'I-1',
  status: 'active',
  serialTracked: false,
  lotTracked: false,
  returnable: true,
  returnWindowDays: 30,
  restockingFeePercent: 10,
  version: 1,
};

describe('parseProductLine', () => {
  it('returns the write for a valid line, without the sku inside the product', () => {
    const parsed = sut(JSON.stringify(good), 7);
    expect(parsed).toEqual({
      kind: 'valid',
      write: { line: 7, sku: 'SKU-1', product: expect.not.objectContaining({ sku: 'SKU-1' }) },
    });
  });

  it.each(['a/b', ' SKU', 'SKU ', '.', '..', 'a\u0001b', 'x'.repeat(65)])(
    'refuses the SKU %j, as PUT /v1/products/{sku} does',
    (sku) => {
      const parsed = sut(JSON.stringify({ ...good, sku }), 1);
      expect(parsed.kind).toBe('invalid');
    },
  );

  it('refuses a line nested deeper than the body limit without parsing it', () => {
    const parsed = sut('{"sku":"S","x":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 1);
    expect(parsed).toEqual({ kind: 'invalid', errors: [expect.stringContaining('nesting')] });
  });

  it('treats blank lines as blank', () => {
    expect(sut('   ', 1)).toEqual({ kind: 'blank' });
  });

  it('reports broken JSON', () => {
    const parsed = sut('{"sku": ', 3);
    expect(parsed).toMatchObject({ kind: 'invalid', errors: [expect.stringContaining('JSON')] });
  });

  it('reports contract errors with the sku when readable', () => {
    const parsed = sut(JSON.stringify({ ...good, version: -1, colour: 'red' }), 2);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.sku).toBe('SKU-1');
    expect(parsed.errors.join('\n')).toMatch(/version/);
    expect(parsed.errors.join('\n')).toMatch(/colour/);
  });

  it('refuses NUL characters that PostgreSQL cannot store', () => {
    const parsed = sut(JSON.stringify({ ...good, name: 'a\u0000b' }), 1);
    expect(parsed.kind).toBe('invalid');
  });
});
