import { ProblemException } from '@retail/platform-http';

/** Validates an id taken from the path the way the contract's `IsId(max)` would. */
export function assertPathId(field: string, value: string, max = 64): void {
  if (value.length === 0 || value.length > max || value.includes('\u0000')) {
    throw new ProblemException(422, 'validation-failed', 'The request is not valid', [
      { field, message: `${field} must be 1 to ${max} characters` },
    ]);
  }
}
