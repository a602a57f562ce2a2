// Checks over OpenAPI documents: completeness (every operation says what it takes and answers)
// and compatibility (what a v1 client relies on is still there).
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const BODY_METHODS = new Set(['post', 'put', 'patch']);

function operations(doc: Json): Array<[string, Json]> {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map(
      (m) => [`${m.toUpperCase()} ${path}`, (item as Json)[m]] as [string, Json],
    ),
  );
}

const hasSchema = (media: any): boolean => Boolean(media?.schema);

/** An object schema (refs followed) that names no field and admits none: a class without metadata. */
function isEmptyObject(doc: Json, schema: Json | undefined): boolean {
  const resolved = schema?.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()] : schema;
  if (!resolved || resolved.type !== 'object') return false;
  return Object.keys(resolved.properties ?? {}).length === 0 && !resolved.additionalProperties;
}

/** A response says what it returns: a schema with fields, or (no body) a description. */
function described(doc: Json, response: Json): boolean {
  const content = response.content ?? {};
  return Object.keys(content).length > 0
    ? Object.values(content).every(
        (media: any) => hasSchema(media) && !isEmptyObject(doc, media.schema),
      )
    : Boolean(response.description);
}

/** Operations lacking a described request body (POST/PUT/PATCH), a success or an error response. */
export function incompleteOperations(doc: Json): string[] {
  const gaps: string[] = [];
  for (const [name, op] of operations(doc)) {
    const method = name.split(' ')[0].toLowerCase();
    const body = op.requestBody?.content;
    const declaredNone = op['x-request-body'] === 'none';
    if (BODY_METHODS.has(method) && !declaredNone && !Object.values(body ?? {}).some(hasSchema))
      gaps.push(`${name}: no request body schema`);
    else if (Object.values(body ?? {}).some((media: any) => isEmptyObject(doc, media?.schema)))
      gaps.push(`${name}: request body schema has no fields`);
    const statuses = Object.keys(op.responses ?? {});
    const success = statuses.filter((s) => /^2/.test(s)).map((s) => op.responses[s]);
    if (success.length === 0 || !success.every((r) => described(doc, r)))
      gaps.push(`${name}: no described success response`);
    const errors = statuses.filter((s) => /^[45]/.test(s));
    if (!errors.some((s) => op.responses[s].content?.['application/problem+json']?.schema))
      gaps.push(`${name}: no problem+json error response`);
    if (!Array.isArray(op.security)) gaps.push(`${name}: no security requirement`);
  }
  return gaps;
}

/** Breaking changes from `before` to `after`: removed operations, removed response fields,
 * request fields that became required. */
export function breakingChanges(before: Json, after: Json): string[] {
  const changes: string[] = [];
  const now = new Map(operations(after));
  for (const [name, old] of operations(before)) {
    const op = now.get(name);
    if (!op) {
      changes.push(`${name}: operation removed`);
      continue;
    }
    for (const [status, response] of Object.entries(old.responses ?? {})) {
      const fields = (d: Json, r: Json | undefined) => fieldsOf(d, jsonSchemaOf(r));
      const kept = new Set(fields(after, op.responses?.[status]).all);
      for (const field of fields(before, response as Json).all)
        if (!kept.has(field)) changes.push(`${name} ${status}: response field ${field} removed`);
    }
    const wasRequired = new Set(fieldsOf(before, jsonSchemaOf(old.requestBody)).required);
    for (const field of fieldsOf(after, jsonSchemaOf(op.requestBody)).required)
      if (!wasRequired.has(field)) changes.push(`${name}: request field ${field} now required`);
  }
  return changes;
}

function jsonSchemaOf(part: Json | undefined): Json | undefined {
  const content = part?.content ?? {};
  return (content['application/json'] ?? Object.values(content)[0])?.schema;
}

/** Field paths of a schema (refs resolved): all of them, and the required ones. */
function fieldsOf(
  doc: Json,
  schema: Json | undefined,
  prefix = '',
  seen = new Set<string>(),
  out = { all: [] as string[], required: [] as string[] },
  parentRequired = true,
) {
  if (!schema) return out;
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return out;
    const name = schema.$ref.split('/').pop();
    return fieldsOf(
      doc,
      doc.components?.schemas?.[name],
      prefix,
      new Set([...seen, schema.$ref]),
      out,
      parentRequired,
    );
  }
  if (schema.type === 'array' || schema.items)
    return fieldsOf(doc, schema.items, `${prefix}[]`, seen, out, parentRequired);
  const required = new Set<string>(schema.required ?? []);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.all.push(path);
    const isRequired = parentRequired && required.has(key);
    if (isRequired) out.required.push(path);
    fieldsOf(doc, sub as Json, path, seen, out, isRequired);
  }
  return out;
}
