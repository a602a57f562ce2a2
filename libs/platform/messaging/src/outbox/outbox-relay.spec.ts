import { listenBackoffMs } from './outbox-relay';

describe('listenBackoffMs', () => {
  it('starts at 100 ms, doubles, and stays at 30 s', () => {
    const sut = [0, 1, 2, 3, 8, 9, 20].map(listenBackoffMs);
    expect(sut).toEqual([100, 200, 400, 800, 25_600, 30_000, 30_000]);
  });
});
