// docs/events is what the code generates (run `npm run docs:api`), and every golden event of
// libs/contracts validates against its subject's published schema.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE } from '@retail/contracts';
import { committedFiles, drift, REPO_ROOT } from './files';
import { buildEventDocuments, EVENT_DOCS_DIR } from './generate-events';

function goldenEvents(): Array<{ subject: string; event: unknown }> {
  const contracts = join(REPO_ROOT, 'libs/contracts/src');
  return readdirSync(contracts).flatMap((domain) => {
    const dir = join(contracts, domain, 'v1/__fixtures__/events');
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    return names.map((name) => ({
      subject: name.replace(/\.json$/, ''),
      event: JSON.parse(readFileSync(join(dir, name), 'utf8')),
    }));
  });
}

describe('docs/events', () => {
  let generated: Record<string, string>;
  beforeAll(() => {
    generated = buildEventDocuments();
  });

  it('commits exactly what the code generates', () => {
    expect(drift(committedFiles(EVENT_DOCS_DIR, '.json'), generated)).toEqual([]);
  });

  it('has one schema per catalogue subject, listed in catalogue.json', () => {
    const subjects = Object.keys(EVENT_CATALOGUE).sort();
    const index = JSON.parse(generated['catalogue.json']).events;
    expect(index.map((e: { subject: string }) => e.subject).sort()).toEqual(subjects);
    for (const subject of subjects) expect(generated[`${subject}.schema.json`]).toBeDefined();
  });

  it('accepts every golden event and refuses it under another subject or without data', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validators = new Map(
      Object.keys(EVENT_CATALOGUE).map((s) => [
        s,
        ajv.compile(JSON.parse(generated[`${s}.schema.json`])),
      ]),
    );
    const golden = goldenEvents();
    expect(golden.length).toBeGreaterThanOrEqual(Object.keys(EVENT_CATALOGUE).length);
    for (const { subject, event } of golden) {
      const validate = validators.get(subject) as ValidateFunction;
      expect({ subject, valid: validate(event), errors: validate.errors }).toMatchObject({
        valid: true,
      });
      expect(validate({ ...(event as object), data: undefined })).toBe(false);
      const other = Object.keys(EVENT_CATALOGUE).find((s) => s !== subject) as string;
      expect((validators.get(other) as ValidateFunction)(event)).toBe(false);
    }
  });
});
