import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** One validation failure, ready for the `errors[]` of an RFC 9457 problem. */
export interface ContractFieldError {
  /** Dotted path of the offending field, e.g. `lines.0.quantity`; `''` means the whole payload. */
  field: string;
  /** Human-readable reason, e.g. `quantity must not be less than 1`. */
  message: string;
}

/** Outcome of {@link validateContract}: the typed instance and every failure found. */
export interface ContractValidationResult<T> {
  /** The payload as an instance of the contract class (unknown fields stripped). */
  value: T;
  /** Empty when the payload is valid. */
  errors: ContractFieldError[];
}

/** Options of {@link validateContract}. */
export interface ValidateContractOptions {
  /**
   * `true` (default): an unknown field is an error, as on canonical routes. `false`: unknown fields
   * are dropped silently (consumers reading events from a newer minor version).
   */
  forbidUnknown?: boolean;
}

/** A contract class: any class whose properties carry class-validator decorators. */
export type ContractClass<T extends object> = new () => T;

/**
 * Validates a plain (parsed JSON) payload against a contract class, synchronously.
 *
 * No implicit type conversion: `"1999"` is not an integer and `1.5` is not a minor-unit amount.
 * Every failure is reported (not only the first), with the dotted path of the field.
 */
export function validateContract<T extends object>(
  type: ContractClass<T>,
  plain: unknown,
  options: ValidateContractOptions = {},
): ContractValidationResult<T> {
  if (!isPlainObject(plain)) {
    return { value: undefined as unknown as T, errors: [notAnObject('')] };
  }
  const forbidUnknown = options.forbidUnknown ?? true;
  const value = plainToInstance(type, plain);
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: forbidUnknown,
    forbidUnknownValues: true,
  });
  return { value, errors: flattenValidationErrors(errors) };
}

/** Outcome of {@link validateContractList}. */
export interface ContractListValidationResult<T> {
  /** Each entry as an instance of the contract class. */
  values: T[];
  /** Failures of every entry, paths prefixed with the entry's index (`3.quantity`). */
  errors: ContractFieldError[];
}

/**
 * Validates a JSON array whose entries are all of one contract class (e.g. a movement batch),
 * refusing more than `maxItems` entries.
 */
export function validateContractList<T extends object>(
  type: ContractClass<T>,
  plain: unknown,
  maxItems: number,
  options: ValidateContractOptions = {},
): ContractListValidationResult<T> {
  if (!Array.isArray(plain)) {
    return { values: [], errors: [{ field: '', message: 'payload must be a JSON array' }] };
  }
  if (plain.length > maxItems) {
    const message = `payload must contain no more than ${maxItems} elements`;
    return { values: [], errors: [{ field: '', message }] };
  }
  const results = plain.map((item) => validateContract(type, item, options));
  const errors = results.flatMap((result, index) =>
    result.errors.map((e) => ({ field: joinPath(String(index), e.field), message: e.message })),
  );
  return { values: results.map((result) => result.value), errors };
}

/** Flattens class-validator's error tree into `{ field, message }` pairs with dotted paths. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
): ContractFieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = ownMessages(error).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

// A missing field fails every constraint of its property (type, length, range ...): one
// "is required" says it better than a list of rules about a value that is not there.
function ownMessages(error: ValidationError): string[] {
  const messages = Object.values(error.constraints ?? {});
  if (messages.length > 0 && error.value === undefined) return [`${error.property} is required`];
  return messages;
}

function joinPath(parent: string, property: string): string {
  if (!parent) return property;
  return property ? `${parent}.${property}` : parent;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notAnObject(field: string): ContractFieldError {
  return { field, message: 'payload must be a JSON object' };
}
