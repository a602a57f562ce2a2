import { MAX_COUNT } from '../../common/v1/patterns';
import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/**
 * The quantity rule that depends on the movement type: `adjustment` is signed and non-zero,
 * `snapshot` is a count (zero allowed: the shelf was found empty), every other type is positive.
 */
@ValidatorConstraint({ name: 'movementQuantity', async: false })
export class MovementQuantityConstraint implements ValidatorConstraintInterface {
  /** Checks `value` against the rule of the movement's `type`. */
  validate(value: unknown, args: ValidationArguments): boolean {
    if (typeof value !== 'number' || !Number.isInteger(value)) return false;
    if (Math.abs(value) > MAX_COUNT) return false;
    const type = (args.object as { type?: unknown }).type;
    if (type === 'adjustment') return value !== 0;
    if (type === 'snapshot') return value >= 0;
    return value > 0;
  }

  /** The failure message. */
  defaultMessage(args: ValidationArguments): string {
    const type = (args.object as { type?: unknown }).type;
    if (type === 'adjustment') return `${args.property} must be a non-zero integer for adjustment`;
    if (type === 'snapshot')
      return `${args.property} must be an integer of at least 0 for snapshot`;
    return `${args.property} must be a positive integer of at most ${MAX_COUNT}`;
  }
}
