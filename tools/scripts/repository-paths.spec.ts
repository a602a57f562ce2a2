import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');

/**
 * Paths that belong to one machine: a home or work directory, a user's folder. A file of the
 * repository must name paths relative to the repository (or a temporary directory it creates),
 * so that a fresh clone anywhere works and documents nothing of the machine it was written on.
 */
const MACHINE_PATH = new RegExp(
  [
    String.raw`(?:^|[\s"'\`(=:,])/(?:home|Users)/[A-Za-z0-9._-]+/`,
    String.raw`(?:^|[\s"'\`(=:,])/(?:root|work|srv/[a-z]+|mnt/[a-z])/[A-Za-z0-9._-]`,
    String.raw`[A-Za-z]:\\(?:Users|Documents and Settings)\\`,
  ].join('|'),
  'm',
);

export function machinePaths(text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => MACHINE_PATH.test(line))
    .map(({ line, i }) => `${i + 1}: ${line.trim().slice(0, 160)}`);
}

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return files.filter((f) => !/\.(png|jpe?g|gif|ico|woff2?|gz|tgz|zip|pdf)$/i.test(f));
}

describe('the repository names no path of a particular machine', () => {
  it('recognises such paths (the check can fail)', () => {
    for (const bad of [
      'cd /home/alice/retail && npm test',
      'report: /work/main/tools/faults/reports/x.md',
      "const dir = '/Users/bob/src/retail';",
      'see /root/.npm/_logs',
      String.raw`C:\Users\carol\retail`,
    ])
      expect(machinePaths(bad)).toHaveLength(1);
    for (const fine of [
      'node tools/scripts/build.mjs',
      'initdb into /tmp/retail-faults-*/pg',
      'GET /v1/orders/{orderId}',
      'https://example.com/home/page',
      '../shared/reference/channel-payloads',
    ])
      expect(machinePaths(fine)).toEqual([]);
  });

  it('holds for every tracked file', () => {
    const offenders: string[] = [];
    for (const file of trackedTextFiles()) {
      if (file === 'tools/scripts/repository-paths.spec.ts') continue;
      const text = readFileSync(join(root, file), 'utf8');
      for (const hit of machinePaths(text)) offenders.push(`${file}:${hit}`);
    }
    expect(offenders).toEqual([]);
  });
});
