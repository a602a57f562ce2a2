import {
  BackofficeError,
  BackofficeThrottledError,
  type ErpAdapter,
  type ErpItemPage,
} from '@retail/backoffice-adapters';

const ATTEMPTS = 4;

/**
 * Fetches one item-master page, retrying what the ERP says may be retried: after a 429 it waits
 * the Retry-After the ERP asked for, after an outage it backs off (0.5 s, 1 s, 2 s).
 */
export async function fetchPageWithRetry(
  erp: ErpAdapter,
  cursor: string | undefined,
  limit: number,
  correlationId: string,
): Promise<ErpItemPage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await erp.fetchItemMaster({ cursor, limit }, { correlationId });
    } catch (err) {
      const retryable = err instanceof BackofficeError && err.retryable;
      if (!retryable || attempt >= ATTEMPTS) throw err;
      const wait =
        err instanceof BackofficeThrottledError ? err.retryAfterMs : 500 * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 10_000)));
    }
  }
}
