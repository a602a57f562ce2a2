import { AvailabilityQuery, validateContract } from '@retail/contracts';
import { IsString } from 'class-validator';
import { ContractValidationPipe } from './contract-validation.pipe';
import { ProblemException } from './problem';

class PlainBody {
  @IsString()
  name: string;
}

const pipe = new ContractValidationPipe();
const asBody = (metatype: new () => object) => ({ type: 'body' as const, metatype });

function problemOf(fn: () => unknown): ProblemException {
  try {
    fn();
  } catch (e) {
    return e as ProblemException;
  }
  throw new Error('no problem raised');
}

describe('ContractValidationPipe', () => {
  it('passes a body of a class with a compiled fast path through as sent (no instance)', () => {
    const body = { skus: ['SKU-1', 'SKU-2'], channel: 'shopify' };
    const out = pipe.transform(body, asBody(AvailabilityQuery));
    expect(out).toBe(body);
    expect(out).not.toBeInstanceOf(AvailabilityQuery);
  });

  it('refuses an invalid body of such a class with the contract’s own field errors', () => {
    const body = { skus: ['SKU-1', ''], channel: 'Shopify', extra: 1 };
    const problem = problemOf(() => pipe.transform(body, asBody(AvailabilityQuery)));
    expect(problem.status).toBe(422);
    const expected = validateContract(AvailabilityQuery, structuredClone(body)).errors;
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(problem.options.errors).toEqual(expected);
  });

  it('validates other classes through the decorators (an instance comes back)', () => {
    const out = pipe.transform({ name: 'x' }, asBody(PlainBody));
    expect(out).toBeInstanceOf(PlainBody);
    expect(problemOf(() => pipe.transform({ name: 1 }, asBody(PlainBody))).status).toBe(422);
  });
});
