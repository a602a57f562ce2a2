import { mapErpItem as sut } from './erp-item-mapping';

const item = { itemId: '100001', sku: 'SKU-1', name: 'Shirt', active: true };

describe('mapErpItem', () => {
  it('maps an active item', () => {
    expect(sut({ ...item, gtin: '4006381333931' }, 3)).toEqual({
      kind: 'valid',
      write: {
        line: 3,
        sku: 'SKU-1',
        name: 'Shirt',
        gtin: '4006381333931',
        erpItemId: '100001',
        status: 'active',
      },
    });
  });

  it('maps an inactive item to discontinued', () => {
    const mapped = sut({ ...item, active: false }, 1);
    expect(mapped.kind === 'valid' && mapped.write.status).toBe('discontinued');
  });

  it('refuses an item the Product contract refuses', () => {
    const mapped = sut({ ...item, name: '', gtin: '12' }, 9);
    expect(mapped).toMatchObject({ kind: 'invalid', sku: 'SKU-1' });
    if (mapped.kind === 'invalid') expect(mapped.errors.join(' ')).toMatch(/name.*|gtin/);
  });
});
