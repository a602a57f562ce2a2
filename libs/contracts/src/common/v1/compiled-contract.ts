import Ajv, { type ValidateFunction } from 'ajv';
import { isISO8601 } from 'class-validator';
import {
  type ContractClass,
  type ContractListValidationResult,
  type ContractValidationResult,
  validateContract,
  validateContractList,
} from './validate-contract';

/**
 * A contract's fast path for hot routes: the class's generated JSON Schema
 * (`libs/contracts/schemas`, checked against the class by `schemas.spec.ts`) compiled once, plus
 * the rules a schema cannot say (`rule`, e.g. a quantity whose sign depends on the type). A
 * payload it accepts is returned as it is: no class instance, no decorator walk per field. Any
 * other payload goes through `validateContract`, so a refusal carries exactly the contract's
 * errors, and a payload the schema is stricter about (a `null` optional field) is still judged by
 * the contract. The fast path may only ever accept less than the contract, never more: the
 * contract's own spec compares the two on mutated payloads.
 *
 * Unknown fields are refused (`forbidUnknown: true`, the canonical routes' mode).
 */
export class CompiledContract<T extends object> {
  private compiled: ValidateFunction | null = null;

  constructor(
    private readonly type: ContractClass<T>,
    private readonly schema: object,
    private readonly rule: (value: T) => boolean = () => true,
  ) {
    REGISTERED.set(type, this);
  }

  /**
   * The fast path registered for `type` (the last one constructed), if any: the HTTP layer's
   * validation pipe uses it for request bodies of that class, so a hot route declares its body
   * type as usual (`@Body() body: AvailabilityQuery`) and still skips the decorator walk.
   */
  static of<T extends object>(type: ContractClass<T>): CompiledContract<T> | undefined {
    return REGISTERED.get(type) as CompiledContract<T> | undefined;
  }

  /** As `validateContract(type, plain)`. */
  validate(plain: unknown): ContractValidationResult<T> {
    if (this.accepts(plain)) return { value: plain, errors: [] };
    return validateContract(this.type, plain);
  }

  /** As `validateContractList(type, plain, maxItems)`. */
  validateList(plain: unknown, maxItems: number): ContractListValidationResult<T> {
    if (Array.isArray(plain) && plain.length <= maxItems && plain.every((v) => this.accepts(v))) {
      return { values: plain, errors: [] };
    }
    return validateContractList(this.type, plain, maxItems);
  }

  /**
   * Compiles the schema now (50-180 ms, most of it Ajv's meta-schema), not on the first request:
   * a service calls it at bootstrap for the contracts of its hot routes.
   */
  warm(): void {
    this.compiled ??= compile(this.schema);
  }

  /** Whether the schema has been compiled (by `warm` or a first validation). */
  get warmed(): boolean {
    return this.compiled !== null;
  }

  /** True when the fast path alone accepts `plain` (false says nothing: ask the contract). */
  accepts(plain: unknown): plain is T {
    // Compiled on first use: every service loads the contracts, few validate this one.
    this.compiled ??= compile(this.schema);
    return this.compiled(plain) && this.rule(plain as T);
  }
}

const REGISTERED = new WeakMap<Function, unknown>();

function compile(schema: object): ValidateFunction {
  // One Ajv per schema: the generated schemas carry an `$id`, which one instance takes once.
  // `date-time` is the contract's own check (class-validator's strict ISO 8601); the schema's
  // `pattern` adds the explicit offset, as the class's `Matches` does. No coercion, no defaults,
  // nothing removed: the payload is never changed.
  const ajv = new Ajv({ strict: true, formats: { 'date-time': isStrictIso8601 } });
  return ajv.compile(schema);
}

function isStrictIso8601(value: string): boolean {
  return isISO8601(value, { strict: true });
}
