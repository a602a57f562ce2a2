import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Test-only helpers (not exported from the library): a fresh parse per call, so a spec that
// mutates a fixture to build a bad payload cannot leak into the next test.

/** Parses `<dir>/__fixtures__/<name>`. */
export function loadFixture<T = Record<string, unknown>>(dir: string, name: string): T {
  return JSON.parse(readFileSync(join(dir, '__fixtures__', name), 'utf8')) as T;
}

/** Every `*.json` file under `root` whose path contains `/__fixtures__/events/`. */
export function eventFixturePaths(root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && path.endsWith('.json') && path.includes('/__fixtures__/events/')) {
      found.push(path);
    }
  }
  return found.sort();
}
