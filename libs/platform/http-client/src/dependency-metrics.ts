import { counter } from '@retail/platform-observability';
import { DependencyAuthError, DependencyRejectedError } from './dependency-errors';

export type DependencyOutcome = 'ok' | 'rejected' | 'auth' | 'unavailable';

/** Every call to another of our services, by dependency and outcome. */
export const dependencyCalls = () =>
  counter('retail_dependency_calls_total', 'Calls to other services of the product', [
    'dependency',
    'outcome',
  ]);

/** 401/403 answers from a dependency: a key misconfiguration (RetailDependencyAuthFailing). */
export const dependencyAuthFailures = () =>
  counter(
    'retail_dependency_auth_failures_total',
    'Calls another service refused with 401/403 (our key is not accepted)',
    ['dependency'],
  );

export function outcomeOf(error: unknown): DependencyOutcome {
  if (error instanceof DependencyAuthError) return 'auth';
  return error instanceof DependencyRejectedError ? 'rejected' : 'unavailable';
}

export function recordDependencyCall(dependency: string, outcome: DependencyOutcome): void {
  dependencyCalls().inc({ dependency, outcome });
  if (outcome === 'auth') dependencyAuthFailures().inc({ dependency });
}
