// Dev-time only (class-validator-jsonschema is a dev dependency): deliberately not exported from
// the library's index. Used by tools/scripts/generate-schemas.ts and by schemas.spec.ts.
import 'reflect-metadata';
// class-transformer's @Type metadata (needed to resolve array element classes) is only reachable
// through this internal module; see class-transformer-storage.d.ts for its types.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import {
  targetConstructorToSchema,
  validationMetadatasToSchemas,
} from 'class-validator-jsonschema';
import * as contracts from '../index';

/** JSON Schema dialect of the generated files (what class-validator-jsonschema emits). */
export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** Directory of the checked-in schemas, relative to the repository root. */
export const SCHEMA_DIR = 'libs/contracts/schemas';

const DEFINITIONS_PREFIX = '#/definitions/';

// Constraints the library cannot translate (it falls back to the property's design type).
// Timestamps: the default (date or date-time) is wider than IsTimestamp, which needs an offset.
const additionalConverters = {
  isISO4217CurrencyCode: { type: 'string', pattern: '^[A-Z]{3}$' },
  isISO31661Alpha2: { type: 'string', pattern: '^[A-Z]{2}$' },
  isIso8601: { type: 'string', format: 'date-time' },
  movementQuantity: { type: 'integer' },
} as const;

// Cross-field rules the classes express with ValidateIf or a custom constraint, mirrored here.
const CLASS_EXTRAS: Record<string, object> = {
  AllocationRule: { anyOf: [{ required: ['sharePercent'] }, { required: ['safetyStock'] }] },
  LineFulfillment: {
    if: { properties: { type: { const: 'pickup' } } },
    then: { required: ['locationId'] },
  },
  // sku may be left out only on a non_stock line.
  OrderLine: {
    anyOf: [
      { required: ['sku'] },
      { properties: { kind: { const: 'non_stock' } }, required: ['kind'] },
    ],
  },
  ReturnRequest: {
    if: { properties: { resolution: { const: 'exchange' } } },
    then: { required: ['exchangeLines'] },
  },
  // CloudEvents extension attributes are legal on the envelope.
  CloudEventEnvelope: { additionalProperties: true },
};

/** Every exported contract class by name; two classes with one name would share a schema file. */
export function contractClasses(): Map<string, Function> {
  const byName = new Map<string, Function>();
  for (const value of Object.values(contracts)) {
    if (typeof value !== 'function' || !/^class\s/.test(Function.prototype.toString.call(value))) {
      continue;
    }
    const existing = byName.get(value.name);
    if (existing && existing !== value) {
      throw new SchemaNameCollisionError(value.name);
    }
    byName.set(value.name, value);
  }
  return byName;
}

/** Raised when two exported classes share a name (their schema files would collide). */
export class SchemaNameCollisionError extends Error {
  constructor(name: string) {
    super(`two exported contract classes are named ${name}`);
    this.name = 'SchemaNameCollisionError';
  }
}

/**
 * The JSON Schema of every class with validation metadata loaded in this process (contract
 * classes and the services' own body classes alike), finished like the contract files: refs
 * under `refPrefix`, unknown fields refused. Used by tools/api-docs for request bodies.
 */
export function loadedClassSchemas(refPrefix: string): Record<string, object> {
  const all = validationMetadatasToSchemas({
    classValidatorMetadataStorage: getMetadataStorage(),
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: refPrefix,
    additionalConverters,
  });
  return Object.fromEntries(
    Object.entries(all).map(([name, schema]) => [
      name,
      { title: name, ...schema, additionalProperties: false, ...CLASS_EXTRAS[name] },
    ]),
  );
}

/**
 * Generates one JSON Schema per exported contract class: file name (`<Class>.json`) to file text
 * (keys sorted, two-space indent, trailing newline), so the output is byte-stable.
 */
export function buildSchemas(): Record<string, string> {
  const options = {
    classValidatorMetadataStorage: getMetadataStorage(),
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: DEFINITIONS_PREFIX,
    additionalConverters,
  };
  const all = validationMetadatasToSchemas(options);
  const files: Record<string, string> = {};
  for (const [name, type] of [...contractClasses()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A subclass without decorators of its own (e.g. RecordMovementCommand) is not in `all`.
    const schema = all[name] ?? targetConstructorToSchema(type, options);
    if (!schema.properties) continue; // a class without validation metadata (e.g. a constraint)
    files[`${name}.json`] = `${JSON.stringify(sortKeys(finish(name, schema)), null, 2)}\n`;
  }
  return files;
}

function finish(name: string, schema: object): object {
  const body = rewriteRefs(schema) as Record<string, unknown>;
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${name}.json`,
    title: name,
    ...body,
    // Canonical payloads reject unknown fields (forbidNonWhitelisted), so do the schemas.
    additionalProperties: false,
    ...CLASS_EXTRAS[name],
  };
}

// Draft-07 ignores the siblings of `$ref` (e.g. the `type: object` of IsObject): drop them.
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  if ('$ref' in node && typeof node.$ref === 'string') return { $ref: rewriteRef(node.$ref) };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewriteRefs(value)]));
}

function rewriteRef(ref: string): string {
  return ref.startsWith(DEFINITIONS_PREFIX) ? `${ref.slice(DEFINITIONS_PREFIX.length)}.json` : ref;
}

function sortKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, value]) => [key, sortKeys(value)]));
}
