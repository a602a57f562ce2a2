import { getSchemaPath, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';

/** A schema, or a reference to a component schema. */
export type ApiSchema = SchemaObject | ReferenceObject;

/**
 * Builders of response schemas for `@ApiOkResponse({ schema })` and the like, in OpenAPI 3.1
 * spellings: a nullable field is a union with `null`, a timestamp a `date-time` string, free
 * JSON an object that admits any field. A contract class is referred to with `ref` (and listed
 * in `@ApiExtraModels`), so that the document carries its schema (tools/api-docs).
 */
export const OpenApi = {
  string: (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra }),
  integer: (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra }),
  number: (extra: SchemaObject = {}): SchemaObject => ({ type: 'number', ...extra }),
  boolean: (extra: SchemaObject = {}): SchemaObject => ({ type: 'boolean', ...extra }),
  /** One of the given strings. */
  oneOf: (values: readonly string[], extra: SchemaObject = {}): SchemaObject => ({
    type: 'string',
    enum: [...values],
    ...extra,
  }),
  dateTime: (extra: SchemaObject = {}): SchemaObject => ({
    type: 'string',
    format: 'date-time',
    ...extra,
  }),
  /** Any JSON object (a stored payload, a problem+json body, free attributes). */
  json: (extra: SchemaObject = {}): SchemaObject => ({
    type: 'object',
    additionalProperties: true,
    ...extra,
  }),
  /** Any JSON value (object, array, string, number, boolean or null). */
  anyValue: (description: string): SchemaObject => ({ description }),
  nullable: (schema: ApiSchema): SchemaObject => ({ oneOf: [schema, { type: 'null' }] }),
  array: (items: ApiSchema, extra: SchemaObject = {}): SchemaObject => ({
    type: 'array',
    items,
    ...extra,
  }),
  /** An object: `required` fields always present, `optional` ones only sometimes. */
  object: (
    required: Record<string, ApiSchema>,
    optional: Record<string, ApiSchema> = {},
    extra: SchemaObject = {},
  ): SchemaObject => ({
    type: 'object',
    properties: { ...required, ...optional },
    ...(Object.keys(required).length > 0 ? { required: Object.keys(required) } : {}),
    ...extra,
  }),
  /** A component schema: a class listed in `@ApiExtraModels` or used as a body or response. */
  ref: (model: Function | string): ReferenceObject => ({ $ref: getSchemaPath(model) }),
};
