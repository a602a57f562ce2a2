import { IsOptional } from 'class-validator';
import { IsId, IsNestedArray, IsQuantity } from './decorators';
import { validateContract as sut, validateContractList } from './validate-contract';

class Line {
  @IsId()
  lineId: string;

  @IsQuantity()
  quantity: number;
}

class Doc {
  @IsId()
  id: string;

  @IsOptional()
  @IsId()
  note?: string;

  @IsNestedArray(() => Line, 3)
  lines: Line[];
}

const valid = () => ({ id: 'd1', lines: [{ lineId: 'l1', quantity: 1 }] });

describe('validateContract', () => {
  it('returns a class instance and no errors for a valid payload', () => {
    const result = sut(Doc, valid());
    expect(result.errors).toEqual([]);
    expect(result.value).toBeInstanceOf(Doc);
    expect(result.value.lines[0]).toBeInstanceOf(Line);
  });

  it('reports nested failures with a dotted path', () => {
    const plain = {
      ...valid(),
      lines: [
        { lineId: 'l1', quantity: 1 },
        { lineId: 'l2', quantity: 0 },
      ],
    };
    const { errors } = sut(Doc, plain);
    expect(errors).toEqual([{ field: 'lines.1.quantity', message: expect.stringContaining('1') }]);
  });

  it('rejects unknown fields by default, at any depth', () => {
    const plain = { ...valid(), extra: 1, lines: [{ lineId: 'l1', quantity: 1, colour: 'red' }] };
    const fields = sut(Doc, plain).errors.map((e) => e.field);
    expect(fields.sort()).toEqual(['extra', 'lines.0.colour']);
  });

  it('strips unknown fields silently when forbidUnknown is false', () => {
    const result = sut(Doc, { ...valid(), extra: 1 }, { forbidUnknown: false });
    expect(result.errors).toEqual([]);
    expect(result.value).not.toHaveProperty('extra');
  });

  it('does not convert types implicitly', () => {
    const plain = { ...valid(), lines: [{ lineId: 'l1', quantity: '2' }] };
    expect(sut(Doc, plain).errors.map((e) => e.field)).toContain('lines.0.quantity');
  });

  it('reports every failure, not only the first', () => {
    const { errors } = sut(Doc, { id: '', lines: 'x' });
    expect(new Set(errors.map((e) => e.field))).toEqual(new Set(['id', 'lines']));
  });

  it.each([null, 42, 'text', [valid()]])('refuses a non-object payload (%p)', (plain) => {
    expect(sut(Doc, plain).errors).toEqual([
      { field: '', message: 'payload must be a JSON object' },
    ]);
  });
});

describe('validateContractList', () => {
  it('validates each entry and prefixes paths with the index', () => {
    const { values, errors } = validateContractList(
      Line,
      [
        { lineId: 'a', quantity: 1 },
        { lineId: 'b', quantity: -1 },
      ],
      10,
    );
    expect(values).toHaveLength(2);
    expect(errors.map((e) => e.field)).toEqual(['1.quantity']);
  });

  it('refuses a non-array and an oversized array', () => {
    expect(validateContractList(Line, {}, 10).errors[0].field).toBe('');
    const many = Array.from({ length: 4 }, (_, i) => ({ lineId: `l${i}`, quantity: 1 }));
    expect(validateContractList(Line, many, 3).errors).toEqual([
      { field: '', message: 'payload must contain no more than 3 elements' },
    ]);
  });
});
