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

  it('refuses an unknown profile or a bad seed', () => {
    expect(() => parseArgs(['--profile', 'huge'])).toThrow('unknown profile');
    expect(() => parseArgs(['--seed', '-3'])).toThrow('--seed');
  });
});
