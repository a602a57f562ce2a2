/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set([
  '40P01', // deadlock detected
  '40001', // serialization failure
  '23505', // unique violation: a concurrent writer committed the same key first
]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a transaction, again when PostgreSQL aborted it for a reason a retry resolves. The
 * function re-reads everything it needs, so the second run sees what the winner committed
 * (a duplicate becomes `duplicate`, a race on an idempotency key finds the stored result).
 */
export async function withTxRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string; driverError?: { code?: string } }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw err;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}
