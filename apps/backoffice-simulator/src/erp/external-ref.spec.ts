import { SimulatorHttpError } from '../common/simulator-http.error';
import { assertSameExternalId, parseExternalId, parseRecordRef } from './external-ref';

describe('record references', () => {
  it('reads eid:<id> and internal ids', () => {
    expect(parseRecordRef('eid:shopify_1001')).toEqual({ externalId: 'shopify_1001' });
    expect(parseRecordRef('123')).toEqual({ internalId: '123' });
  });

  it('refuses ids NetSuite would refuse', () => {
    for (const sut of ['eid:', 'eid:a b', 'eid:a:b', 'shopify_1001', 'eid:a/b']) {
      expect(() => parseExternalId(sut)).toThrow(SimulatorHttpError);
    }
  });

  it('requires the body externalId, when present, to match the URL', () => {
    expect(() => assertSameExternalId('A', undefined)).not.toThrow();
    expect(() => assertSameExternalId('A', 'A')).not.toThrow();
    expect(() => assertSameExternalId('A', 'B')).toThrow(SimulatorHttpError);
  });
});
