// Puts the contract classes' JSON Schemas (libs/contracts, generated from the same
// class-validator decorators the routes validate with) into an OpenAPI 3.1 document, in place of
// the empty object schemas Swagger derives from undecorated classes.
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildSchemas, loadedClassSchemas } from '../../libs/contracts/src/schema/build-schemas';

type Json = Record<string, any>;

let cache: Record<string, Json> | undefined;

/** Contract schemas by class name, refs rewritten to `#/components/schemas/<Class>`. */
export function contractSchemas(): Record<string, Json> {
  if (!cache) {
    cache = {};
    for (const [file, text] of Object.entries(buildSchemas())) {
      const { $schema: _dialect, $id: _id, ...schema } = JSON.parse(text) as Json;
      cache[file.replace(/\.json$/, '')] = rewriteRefs(schema) as Json;
    }
  }
  return cache;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string'
        ? [key, `#/components/schemas/${value.replace(/\.json$/, '')}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

const COMPONENTS = '#/components/schemas/';

/**
 * Replaces every component schema named after a contract class, adding what it refers to; a
 * service's own body class (no @ApiProperty, so empty) gets the schema of its class-validator
 * decorators, as loaded in this process.
 */
export function withContractSchemas(doc: OpenAPIObject): OpenAPIObject {
  const contracts = contractSchemas();
  const known: Record<string, Json> = { ...loadedClassSchemas(COMPONENTS), ...contracts };
  const schemas: Json = { ...doc.components?.schemas };
  const pending = Object.keys(schemas).filter(
    (name) => name in contracts || (name in known && isEmpty(schemas[name])),
  );
  while (pending.length > 0) {
    const name = pending.pop() as string;
    schemas[name] = known[name];
    for (const ref of refsOf(known[name]))
      if (!(ref in schemas) || isEmpty(schemas[ref])) {
        schemas[ref] = known[ref];
        pending.push(ref);
      }
  }
  return { ...doc, components: { ...doc.components, schemas: sortKeys(schemas) as Json } };
}

function isEmpty(schema: Json): boolean {
  return !schema.properties || Object.keys(schema.properties).length === 0;
}

function refsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value.split('/').pop() as string);
      else refsOf(value, found);
    }
  }
  return found;
}

/** Keys sorted at every level: byte-stable output. */
export function sortKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, value]) => [key, sortKeys(value)]));
}
