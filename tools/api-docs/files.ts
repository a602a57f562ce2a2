import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sortKeys } from './contract-schemas';

export const REPO_ROOT = resolve(__dirname, '../..');

/** Files of `dir` (repository-relative) whose name ends with `suffix`, by name. */
export function committedFiles(dir: string, suffix: string): Record<string, string> {
  const abs = join(REPO_ROOT, dir);
  const names = readdirSync(abs).filter((name) => name.endsWith(suffix));
  return Object.fromEntries(
    names.sort().map((name) => [name, readFileSync(join(abs, name), 'utf8')]),
  );
}

/** Names of the files that differ between what is committed and what the code generates. */
export function drift(
  committed: Record<string, string>,
  generated: Record<string, string>,
): string[] {
  const names = new Set([...Object.keys(committed), ...Object.keys(generated)]);
  return [...names].filter((name) => committed[name] !== generated[name]).sort();
}

/** A generated JSON file's text: keys sorted, two-space indent, trailing newline (byte-stable). */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
