const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until `ok` accepts its value, and returns the last value either way: the test's
 * own expectation on it then says what was wrong.
 */
export async function settled<T>(
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await pause(intervalMs);
  }
}

/** Polls `probe` until it returns something truthy and returns it; throws after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const value = await settled(probe, Boolean, timeoutMs, intervalMs);
  if (!value) throw new Error(`condition not met within ${timeoutMs} ms`);
  return value;
}
