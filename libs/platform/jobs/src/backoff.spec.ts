import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('grows exponentially and stays under the cap', () => {
    expect(backoffDelayMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelayMs(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelayMs(20, 500, 30_000, () => 1)).toBe(30_000);
  });

  it('is jittered between the base and the ceiling', () => {
    expect(backoffDelayMs(3, 500, 30_000, () => 0)).toBe(500);
    expect(backoffDelayMs(3, 500, 30_000, () => 0.5)).toBe(2250);
  });
});
