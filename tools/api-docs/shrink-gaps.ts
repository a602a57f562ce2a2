// Removes from known-gaps.json the gaps the committed docs/api no longer have (after `npm run
// docs:api`); throws on a new gap: the list only shrinks. `npx ts-node --transpile-only tools/api-docs/shrink-gaps.ts`
import { readFileSync, writeFileSync } from 'node:fs';
import { incompleteOperations } from './checks';
import { committedFiles } from './files';
const path = 'tools/api-docs/known-gaps.json';
const known = JSON.parse(readFileSync(path, 'utf8'));
const files = committedFiles('docs/api', '.openapi.json');
let fixed = 0;
for (const [n, t] of Object.entries(files)) {
  const now = incompleteOperations(JSON.parse(t));
  const added = now.filter((g) => !known.gaps[n].includes(g));
  if (added.length) throw new Error(`new gaps: ${added}`);
  fixed += known.gaps[n].length - now.length;
  known.gaps[n] = now;
}
writeFileSync(path, JSON.stringify(known, null, 2) + '\n');
console.log('fixed', fixed);
