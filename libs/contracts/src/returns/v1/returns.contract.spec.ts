import { validateContract as sut } from '../../common/v1/validate-contract';
import { loadFixture } from '../../testing/load-fixture';
import { Inspection } from './inspection';
import { ReturnRequest } from './return-request';

type Plain = Record<string, any>;
const request = (): Plain => loadFixture(__dirname, 'return-request.json');
const fieldsOf = (plain: unknown) => sut(ReturnRequest, plain).errors.map((e) => e.field);

describe('ReturnRequest contract', () => {
  it('accepts the golden return request (an exchange)', () => {
    const { value, errors } = sut(ReturnRequest, request());
    expect(errors).toEqual([]);
    expect(value.exchangeLines?.[0].sku).toBe('TSHIRT-BLK-L');
  });

  it('accepts a refund without exchange lines', () => {
    const plain: Plain = { ...request(), resolution: 'refund' };
    delete plain.exchangeLines;
    expect(fieldsOf(plain)).toEqual([]);
  });

  it.each([
    ['an exchange without exchange lines', (r: Plain) => delete r.exchangeLines, 'exchangeLines'],
    ['a negative quantity', (r: Plain) => (r.lines[0].quantity = -1), 'lines.0.quantity'],
    ['a bad resolution', (r: Plain) => (r.resolution = 'cash'), 'resolution'],
    ['a missing reason', (r: Plain) => delete r.lines[0].reasonCode, 'lines.0.reasonCode'],
    [
      'serials that are not strings',
      (r: Plain) => (r.lines[0].serialNumbers = [123]),
      'lines.0.serialNumbers',
    ],
    ['an unknown field', (r: Plain) => (r.refundTo = 'card'), 'refundTo'],
    ['no lines', (r: Plain) => (r.lines = []), 'lines'],
  ])('rejects %s', (_name, mutate, field) => {
    const plain = request();
    mutate(plain);
    expect(fieldsOf(plain)).toContain(field);
  });
});

describe('Inspection contract', () => {
  it('accepts the golden inspection', () => {
    expect(sut(Inspection, loadFixture(__dirname, 'inspection.json')).errors).toEqual([]);
  });

  it('rejects an unknown condition', () => {
    const plain = { lines: [{ lineId: '13579', condition: 'like_new' }] };
    expect(sut(Inspection, plain).errors.map((e) => e.field)).toEqual(['lines.0.condition']);
  });
});
