import { IsString, MaxLength } from 'class-validator';
import { CompiledContract } from './compiled-contract';

class Probe {
  @IsString()
  @MaxLength(3)
  code: string;
}

const SCHEMA = {
  $id: 'Probe.json',
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: { type: 'string', maxLength: 3 } },
};

describe('CompiledContract', () => {
  it('registers itself for its class', () => {
    const sut = new CompiledContract(Probe, SCHEMA);
    expect(CompiledContract.of(Probe)).toBe(sut);
    class Unregistered {}
    expect(CompiledContract.of(Unregistered)).toBeUndefined();
  });

  it('compiles on warm(), before any payload, and only once', () => {
    const sut = new CompiledContract(Probe, SCHEMA);
    expect(sut.warmed).toBe(false);
    sut.warm();
    expect(sut.warmed).toBe(true);
    sut.warm();
    expect(sut.accepts({ code: 'abc' })).toBe(true);
    expect(sut.validate({ code: 'abcd' }).errors).toEqual([
      { field: 'code', message: 'code must be shorter than or equal to 3 characters' },
    ]);
  });

  it('compiles on first use when nobody warmed it', () => {
    const sut = new CompiledContract(Probe, SCHEMA);
    expect(sut.accepts({ code: 'x' })).toBe(true);
    expect(sut.warmed).toBe(true);
  });
});
