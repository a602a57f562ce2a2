// class-transformer's @Type reads design-time metadata: load the polyfill wherever contracts load.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Max,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNEL_PATTERN,
  MAX_COUNT,
  MAX_ID_LENGTH,
  MAX_MINOR_AMOUNT,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
  TIMESTAMP_PATTERN,
} from './patterns';

// Composed decorators keep each contract field to one line and make the same rule (and the same
// JSON Schema) apply everywhere the concept appears.

type Decorator = PropertyDecorator;

// Applied last-to-first, like a stack of decorators written in this order: the first one (the
// type, e.g. IsInt) registers last and so wins when the JSON Schema generator merges `type`.
function compose(...decorators: Decorator[]): Decorator {
  return (target, key) => [...decorators].reverse().forEach((decorate) => decorate(target, key));
}

/** A non-empty identifier of at most {@link MAX_ID_LENGTH} characters. */
export function IsId(maxLength = MAX_ID_LENGTH): Decorator {
  return compose(IsString(), IsNotEmpty(), MaxLength(maxLength));
}

/** A non-empty free-text field of at most `maxLength` characters. */
export function IsText(maxLength = MAX_TEXT_LENGTH): Decorator {
  return compose(IsString(), IsNotEmpty(), MaxLength(maxLength));
}

/**
 * An ISO 4217 currency code as the standard writes it: three upper-case letters of a current
 * code (`EUR`, not `eur`; a lower-case code would be a second key for the same money).
 */
export function IsCurrency(): Decorator {
  return compose(
    IsISO4217CurrencyCode(),
    Matches(/^[A-Z]{3}$/, { message: '$property must be an upper-case ISO 4217 code' }),
  );
}

/** A channel name (see {@link CHANNEL_PATTERN}). */
export function IsChannel(): Decorator {
  return compose(IsString(), MaxLength(64), Matches(CHANNEL_PATTERN));
}

/** A positive integer quantity. */
export function IsQuantity(): Decorator {
  return compose(IsInt(), Min(1), Max(MAX_QUANTITY));
}

/** A count that may be zero (stock levels, totals). */
export function IsCount(): Decorator {
  return compose(IsInt(), Min(0), Max(MAX_COUNT));
}

/** An amount in minor units of the enclosing currency (`1999` = 19.99): integer, never negative. */
export function IsMinorAmount(): Decorator {
  return compose(IsInt(), Min(0), Max(MAX_MINOR_AMOUNT));
}

/** An ISO 8601 timestamp with an explicit offset. */
export function IsTimestamp(): Decorator {
  return compose(IsString(), IsISO8601({ strict: true }), Matches(TIMESTAMP_PATTERN));
}

/** One of a fixed list of string values. */
export function IsOneOf(values: readonly string[]): Decorator {
  return compose(IsString(), IsIn([...values]));
}

/** A nested object validated as an instance of `type` (ValidateNested alone accepts undefined). */
export function IsNested(type: () => Function): Decorator {
  return compose(IsObject(), ValidateNested(), Type(type));
}

/** An array (at most `maxSize` entries) of nested objects validated as instances of `type`. */
export function IsNestedArray(type: () => Function, maxSize: number): Decorator {
  return compose(IsArray(), ArrayMaxSize(maxSize), ValidateNested({ each: true }), Type(type));
}

/** An array (at most `maxSize` entries) of non-empty strings of at most `maxLength` characters. */
export function IsStringArray(maxSize: number, maxLength = MAX_ID_LENGTH): Decorator {
  return compose(
    IsArray(),
    ArrayMaxSize(maxSize),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(maxLength, { each: true }),
  );
}
