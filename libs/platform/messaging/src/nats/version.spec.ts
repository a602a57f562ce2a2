import { compareVersions } from './version';

describe('compareVersions', () => {
  it('compares numerically, not lexically', () => {
    expect(compareVersions('2.10.0', '2.9.10')).toBe(1);
    expect(compareVersions('2.9.10', '2.9.0')).toBe(1);
    expect(compareVersions('2.8.4', '2.9.0')).toBe(-1);
    expect(compareVersions('2.9.0', '2.9.0')).toBe(0);
    expect(compareVersions('2.11.0-RC.1', '2.9.0')).toBe(1);
  });
});
