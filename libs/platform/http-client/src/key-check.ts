import { DependencyAuthError } from './dependency-errors';
import type { ServiceClient } from './service-client';

/** The route every service exposes for callers to learn whether it accepts their key. */
export const WHOAMI_PATH = '/v1/auth/whoami';

/**
 * `accepted`: the dependency answers our key. `refused`: 401/403, a configuration fault that
 * makes us not ready. `down`: unreachable or failing, shown but not fatal to our readiness
 * (its own probe reports it; cascading it would take every caller out with it).
 */
export type KeyCheck =
  | { dependency: string; status: 'accepted'; scope?: string }
  | { dependency: string; status: 'refused' | 'down'; reason: string };

/** Asks a dependency who we are (`GET /v1/auth/whoami`) with our own key. */
export async function checkServiceKey(client: ServiceClient, timeoutMs = 2000): Promise<KeyCheck> {
  const dependency = client.dependency;
  try {
    const answer = await client.send<{ scope?: string }>({
      method: 'GET',
      path: WHOAMI_PATH,
      timeoutMs,
    });
    return { dependency, status: 'accepted', scope: answer.body?.scope };
  } catch (error) {
    if (error instanceof DependencyAuthError) {
      const reason =
        `${error.message}: it does not accept our SERVICE_API_KEY ` +
        `(add "<that key>=service" to its RETAIL_API_KEYS)`;
      return { dependency, status: 'refused', reason };
    }
    return { dependency, status: 'down', reason: (error as Error).message };
  }
}
