import type { Topology } from './infra/stack';
import { freshSeed } from './prng';

/** Sizes of a run. `small` fits CI (a few minutes on 2 cores); `long` is for release runs. */
export interface Profile {
  name: 'small' | 'long' | 'cluster';
  /** Processes per service and NATS nodes (small and long: one of each). */
  topology: Topology;
  /** Orders sent per fault phase. */
  ordersPerPhase: number;
  /** The orders of a phase are spread over this long, so faults hit requests in flight. */
  phaseSpanMs: number;
  /** Order senders in parallel. */
  concurrency: number;
  /** Channel retry budget per order (attempts). */
  maxAttempts: number;
  skus: number;
  scarce: number;
  /** Cross-channel contention: reservation requests per scarce SKU and channel. */
  reservationsPerScarceSku: number;
  movementPositions: number;
  movementsPerPosition: number;
  maxCopies: number;
  stormSize: number;
  poison: number;
  /** fast-check variants per bad-input class. */
  badInputVariants: number;
  /** The 20-minute ERP outage, compressed to this many ms. */
  erpOutageMs: number;
  faultHoldMs: number;
  drainMs: number;
  repeatFaults: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  small: {
    name: 'small',
    topology: { replicas: 1, natsNodes: 1 },
    ordersPerPhase: 30,
    phaseSpanMs: 8_000,
    concurrency: 6,
    maxAttempts: 8,
    skus: 12,
    scarce: 4,
    reservationsPerScarceSku: 4,
    movementPositions: 6,
    movementsPerPosition: 12,
    maxCopies: 3,
    stormSize: 1000,
    poison: 10,
    badInputVariants: 12,
    erpOutageMs: 20_000,
    faultHoldMs: 2_500,
    drainMs: 90_000,
    repeatFaults: 1,
  },
  long: {
    name: 'long',
    topology: { replicas: 1, natsNodes: 1 },
    ordersPerPhase: 300,
    phaseSpanMs: 40_000,
    concurrency: 12,
    maxAttempts: 12,
    skus: 60,
    scarce: 40,
    reservationsPerScarceSku: 10,
    movementPositions: 60,
    movementsPerPosition: 40,
    maxCopies: 5,
    stormSize: 1000,
    poison: 50,
    badInputVariants: 100,
    erpOutageMs: 120_000,
    faultHoldMs: 5_000,
    drainMs: 600_000,
    repeatFaults: 3,
  },
  // Scale-out: 3 JetStream nodes (streams at 3 replicas), 2 replicas of every service; at least
  // 5,000 orders (15 order phases x 334) and 20,000 movements (250 positions x 80) per run.
  cluster: {
    name: 'cluster',
    topology: { replicas: 2, natsNodes: 3 },
    ordersPerPhase: 334,
    phaseSpanMs: 40_000,
    concurrency: 16,
    maxAttempts: 12,
    skus: 60,
    scarce: 20,
    reservationsPerScarceSku: 6,
    movementPositions: 250,
    movementsPerPosition: 80,
    maxCopies: 3,
    stormSize: 1000,
    poison: 20,
    badInputVariants: 12,
    erpOutageMs: 30_000,
    faultHoldMs: 4_000,
    drainMs: 900_000,
    repeatFaults: 1,
  },
};

export interface Options {
  seed: number;
  profile: Profile;
  basePort: number;
  keepData: boolean;
  /** Corrupts the stores on purpose before reconciliation, to prove the checks can fail. */
  selfCheck: boolean;
  only?: string[];
  reportDir?: string;
  /** Where the compiled services are (default <repo>/dist, as `npm run build` writes them). */
  distDir?: string;
}

export function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const profileName = (get('profile') ?? 'small') as Profile['name'];
  const base = PROFILES[profileName];
  if (!base) throw new Error(`unknown profile ${profileName} (small | long | cluster)`);
  const profile = { ...base, ...sizeOverrides(get('orders-per-phase'), get('movement-positions')) };
  const seedText = get('seed');
  const seed = seedText === undefined ? freshSeed() : Number(seedText);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer`);
  return {
    seed: seed >>> 0,
    profile,
    basePort: Number(get('base-port') ?? 24430),
    keepData: argv.includes('--keep-data'),
    selfCheck: argv.includes('--self-check'),
    only: get('only')?.split(','),
    reportDir: get('report-dir'),
    distDir: get('dist'),
  };
}

/**
 * `--orders-per-phase N` and `--movement-positions N` (each with the profile's movements per
 * position): smaller runs for iteration; the replay command repeats them.
 */
function sizeOverrides(orders?: string, positions?: string): Partial<Profile> {
  const out: Partial<Profile> = {};
  if (orders !== undefined) {
    const n = Number(orders);
    if (!Number.isInteger(n) || n < 1)
      throw new Error('--orders-per-phase must be a positive integer');
    out.ordersPerPhase = n;
  }
  if (positions !== undefined) {
    const n = Number(positions);
    if (!Number.isInteger(n) || n < 1)
      throw new Error('--movement-positions must be a positive integer');
    out.movementPositions = n;
  }
  return out;
}

export function replayCommand(o: Options): string {
  const only = o.only ? ` --only ${o.only.join(',')}` : '';
  const self = o.selfCheck ? ' --self-check' : '';
  const dist = o.distDir ? ` --dist ${o.distDir}` : '';
  const base = PROFILES[o.profile.name];
  const orders =
    o.profile.ordersPerPhase !== base.ordersPerPhase
      ? ` --orders-per-phase ${o.profile.ordersPerPhase}`
      : '';
  const movements =
    o.profile.movementPositions !== base.movementPositions
      ? ` --movement-positions ${o.profile.movementPositions}`
      : '';
  return `npm run test:faults -- --seed ${o.seed} --profile ${o.profile.name}${orders}${movements}${only}${self}${dist}`;
}
