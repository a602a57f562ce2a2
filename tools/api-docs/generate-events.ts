// The event catalogue as files: one self-contained JSON Schema (draft-07) per subject under
// docs/events/, the CloudEvent envelope with its `data` typed by the subject's payload class,
// plus catalogue.json (subject, kind, owner, version, partitioning, schema file). Generated
// from EVENT_CATALOGUE and the contract classes by `npm run docs:api`; events.spec.ts fails
// when the committed files differ.
import { EVENT_CATALOGUE } from '@retail/contracts';
import { buildSchemas, JSON_SCHEMA_DIALECT } from '../../libs/contracts/src/schema/build-schemas';
import { jsonFile } from './files';

export const EVENT_DOCS_DIR = 'docs/events';

type Json = Record<string, any>;

export function buildEventDocuments(): Record<string, string> {
  const classes: Record<string, Json> = {};
  for (const [file, body] of Object.entries(buildSchemas())) {
    const { $schema: _dialect, $id: _id, ...schema } = JSON.parse(body) as Json;
    classes[file.replace(/\.json$/, '')] = rewrite(schema);
  }
  const files: Record<string, string> = {};
  const index: Json[] = [];
  for (const entry of Object.values(EVENT_CATALOGUE)) {
    const name = entry.dataClass.name;
    const file = `${entry.subject}.schema.json`;
    const envelope = classes.CloudEventEnvelope;
    const type = entry.partitioned
      ? { type: 'string', pattern: `^${entry.subject.replace(/\./g, '\\.')}\\.[0-9]+$` }
      : { type: 'string', const: entry.subject };
    files[file] = jsonFile({
      $schema: JSON_SCHEMA_DIALECT,
      $id: file,
      title: entry.subject,
      description: `CloudEvent ${entry.kind} published by ${entry.owner}; data: ${name}`,
      'x-owner': entry.owner,
      'x-kind': entry.kind,
      'x-partitioned': entry.partitioned,
      ...envelope,
      properties: {
        ...envelope.properties,
        type,
        dataschemaversion: { type: 'string', const: entry.dataschemaversion },
        data: { $ref: `#/definitions/${name}` },
      },
      definitions: Object.fromEntries(closure(name, classes).map((n) => [n, classes[n]])),
    });
    index.push({
      subject: entry.subject,
      kind: entry.kind,
      owner: entry.owner,
      dataschemaversion: entry.dataschemaversion,
      partitioned: entry.partitioned,
      data: name,
      schema: file,
    });
  }
  files['catalogue.json'] = jsonFile({ events: index });
  return files;
}

function rewrite(node: unknown): Json {
  if (Array.isArray(node)) return node.map(rewrite) as unknown as Json;
  if (node === null || typeof node !== 'object') return node as Json;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === '$ref' && typeof value === 'string'
        ? [key, `#/definitions/${value.replace(/\.json$/, '')}`]
        : [key, rewrite(value)],
    ),
  );
}

function closure(name: string, classes: Record<string, Json>, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [...seen];
  seen.add(name);
  JSON.stringify(classes[name]).replace(/#\/definitions\/([A-Za-z0-9]+)/g, (_, ref: string) => {
    closure(ref, classes, seen);
    return '';
  });
  return [...seen].sort();
}
