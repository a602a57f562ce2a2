import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isSafePositiveInteger } from './input-policy';
import { ProblemException } from './problem';

/**
 * A path or query id that must be a positive integer JavaScript, PostgreSQL bigint and
 * JetStream sequences all hold (1 .. 2^53-1). Out of range or not a number: 422, never a
 * database or broker error.
 */
@Injectable()
export class ParseSafeIntPipe implements PipeTransform<string, number> {
  transform(value: string, metadata?: ArgumentMetadata): number {
    if (typeof value !== 'string' || !isSafePositiveInteger(value)) {
      throw new ProblemException(422, 'invalid-parameter', 'The parameters are not acceptable', [
        {
          field: metadata?.data ?? 'id',
          message: `must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}`,
        },
      ]);
    }
    return Number(value);
  }
}
