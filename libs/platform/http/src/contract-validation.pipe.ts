import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { CompiledContract, validateContract } from '@retail/contracts';
import { ProblemException } from './problem';

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object, Buffer];

/**
 * Validates canonical bodies and queries against their contract class: unknown fields are
 * rejected (422), never silently stored, and each problem is reported with its field path.
 * Parameters typed as primitives or `unknown` (channel-native payloads) pass through untouched.
 */
@Injectable()
export class ContractValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype;
    if (!metatype || PRIMITIVES.includes(metatype) || metadata.type === 'custom') return value;
    if (
      metadata.type === 'body' &&
      (value === undefined || value === null || typeof value !== 'object')
    ) {
      throw new ProblemException(422, 'validation-failed', 'Request body must be a JSON object');
    }
    const type = metatype as new () => object;
    // A body of a class with a compiled fast path (hot routes): the same answer, no decorator walk.
    const compiled = metadata.type === 'body' ? CompiledContract.of(type) : undefined;
    const result = compiled
      ? compiled.validate(value)
      : validateContract(type, value ?? {}, { forbidUnknown: metadata.type === 'body' });
    if (result.errors.length > 0) {
      throw new ProblemException(
        422,
        'validation-failed',
        'The request is not valid',
        result.errors,
      );
    }
    return result.value;
  }
}
