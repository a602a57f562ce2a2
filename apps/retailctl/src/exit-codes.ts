import {
  DependencyAuthError,
  DependencyRejectedError,
  isDependencyError,
} from '@retail/platform-http-client';

/** Exit codes, stable for scripts (documented in apps/retailctl/README.md). */
export const EXIT = {
  ok: 0,
  /** A service refused the request (4xx other than auth): e.g. the order is not in exception. */
  refused: 1,
  /** Bad usage: unknown command or option, invalid value. */
  usage: 2,
  /** A service could not be reached or failed (network, timeout, 5xx, 429). */
  unavailable: 3,
  /** The key was refused (401/403): RETAIL_API_KEY is not an admin key of the services. */
  auth: 4,
  /** The command worked and found something that needs attention (--fail-if-any, drift). */
  attention: 5,
} as const;

export class UsageError extends Error {}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof DependencyAuthError) return EXIT.auth;
  if (error instanceof DependencyRejectedError)
    return error.status === 422 || error.status === 400 ? EXIT.usage : EXIT.refused;
  if (isDependencyError(error)) return EXIT.unavailable;
  return EXIT.unavailable;
}
