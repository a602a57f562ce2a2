// `npm run docs:api`: regenerates docs/api/*.openapi.json and docs/events/ from the code.
// Refuses to overwrite a committed API document with a breaking change (removed operation or
// response field, new required request field) unless `--allow-breaking` is given: that is a
// new major version of the contract, not an edit.
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { breakingChanges } from './checks';
import { buildEventDocuments, EVENT_DOCS_DIR } from './generate-events';
import { API_DOCS_DIR, generateApiDocuments } from './generate-api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const setup = require('../../libs/platform/testing/src/global-setup.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const teardown = require('../../libs/platform/testing/src/global-teardown.js');

const root = resolve(__dirname, '../..');

function writeDir(dir: string, files: Record<string, string>, suffix: string): number {
  const abs = join(root, dir);
  mkdirSync(abs, { recursive: true });
  let written = 0;
  for (const [name, text] of Object.entries(files)) {
    if (readIfExists(join(abs, name)) === text) continue;
    writeFileSync(join(abs, name), text);
    written += 1;
  }
  for (const name of readdirSync(abs)) {
    if (name.endsWith(suffix) && !(name in files)) unlinkSync(join(abs, name));
  }
  return written;
}

export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const events = buildEventDocuments();
  console.log(`events: ${writeDir(EVENT_DOCS_DIR, events, '.json')} written (${EVENT_DOCS_DIR})`);
  process.env.SKIP_E2E_BUILD = '1';
  await setup();
  try {
    const api = await generateApiDocuments();
    const breaking = Object.entries(api).flatMap(([name, text]) => {
      const old = readIfExists(join(root, API_DOCS_DIR, name));
      return old
        ? breakingChanges(JSON.parse(old), JSON.parse(text)).map((b) => `${name}: ${b}`)
        : [];
    });
    if (breaking.length > 0 && !process.argv.includes('--allow-breaking')) {
      throw new Error(
        `breaking changes (pass --allow-breaking for a new major):\n${breaking.join('\n')}`,
      );
    }
    console.log(`api: ${writeDir(API_DOCS_DIR, api, '.openapi.json')} written (${API_DOCS_DIR})`);
  } finally {
    await teardown();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
