import { parseArgs, replayCommand } from './options';

describe('parseArgs', () => {
  it('reads seed, profile and phase selection, and replays them exactly', () => {
    const sut = parseArgs(['--seed', '42', '--profile', 'long', '--only=baseline,poison']);
    expect(sut.seed).toBe(42);
    expect(sut.profile.name).toBe('long');
    expect(sut.only).toEqual(['baseline', 'poison']);
    expect(replayCommand(sut)).toBe(
      'npm run test:faults -- --seed 42 --profile long --only baseline,poison',
    );
  });

  it('defaults to the small profile with a fresh seed', () => {
    const sut = parseArgs([]);
    expect(sut.profile.name).toBe('small');
    expect(Number.isInteger(sut.seed)).toBe(true);
    expect(replayCommand(sut)).toContain(`--seed ${sut.seed} --profile small`);
  });

  it('runs the cluster profile at scale (>= 5,000 orders, >= 20,000 movements) on 3 NATS nodes and 2 replicas', () => {
    const sut = parseArgs(['--seed', '7', '--profile', 'cluster']);
    expect(sut.profile.topology).toEqual({ replicas: 2, natsNodes: 3 });
    // 15 order phases in the cluster profile (10 of every profile + 5 cluster faults).
    expect(sut.profile.ordersPerPhase * 15).toBeGreaterThanOrEqual(5000);
    expect(sut.profile.movementPositions * sut.profile.movementsPerPosition).toBeGreaterThanOrEqual(
      20_000,
    );
    expect(replayCommand(sut)).toBe('npm run test:faults -- --seed 7 --profile cluster');
  });

  it('keeps size overrides in the replay command, and refuses bad ones', () => {
    const sut = parseArgs(['--seed', '3', '--profile', 'cluster', '--orders-per-phase', '20']);
    expect(sut.profile.ordersPerPhase).toBe(20);
    const again = parseArgs(['--seed', '3', '--profile', 'cluster', '--movement-positions=9']);
    expect(again.profile.movementPositions).toBe(9);
    expect(replayCommand(sut)).toBe(
      'npm run test:faults -- --seed 3 --profile cluster --orders-per-phase 20',
    );
    expect(replayCommand(again)).toContain('--movement-positions 9');
    expect(() => parseArgs(['--orders-per-phase', '0'])).toThrow('--orders-per-phase');
    expect(() => parseArgs(['--movement-positions', 'x'])).toThrow('--movement-positions');
  });

  it('refuses an unknown profile or a bad seed', () => {
    expect(() => parseArgs(['--profile', 'huge'])).toThrow('unknown profile');
    expect(() => parseArgs(['--seed', '-3'])).toThrow('--seed');
  });
});
