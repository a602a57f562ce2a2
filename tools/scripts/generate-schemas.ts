// Regenerates libs/contracts/schemas/*.json from the contract classes (`npm run schemas`).
// Stale files (a class renamed or removed) are deleted; libs/contracts/src/schemas.spec.ts fails
// when the checked-in files differ from what this would write.
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchemas, SCHEMA_DIR } from '../../libs/contracts/src/schema/build-schemas';

function main(): void {
  const dir = resolve(__dirname, '../..', SCHEMA_DIR);
  mkdirSync(dir, { recursive: true });
  const files = buildSchemas();
  let written = 0;
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    if (readIfExists(path) === text) continue;
    writeFileSync(path, text);
    written += 1;
  }
  const stale = readdirSync(dir).filter((name) => name.endsWith('.json') && !(name in files));
  stale.forEach((name) => unlinkSync(join(dir, name)));
  const total = Object.keys(files).length;
  console.log(
    `schemas: ${total} classes, ${written} written, ${stale.length} removed (${SCHEMA_DIR})`,
  );
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

main();
