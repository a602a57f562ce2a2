import type { ReturnResolution } from '@retail/contracts';

/**
 * The persisted steps of a return. `receive` and `inspect` are done by people (HTTP); the worker
 * runs the others. `erp_authorization` runs beside the main track once the return is authorized.
 */
export const STEP_NAMES = [
  'authorize',
  'erp_authorization',
  'receive',
  'inspect',
  'stock',
  'refund',
  'exchange',
  'erp_credit',
  'close',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const WORKER_STEPS: readonly StepName[] = [
  'erp_authorization',
  'stock',
  'refund',
  'exchange',
  'erp_credit',
  'close',
];

export type StepState =
  'waiting' | 'pending' | 'running' | 'done' | 'failed' | 'compensated' | 'skipped';

/** The main track of a return with this resolution, in order. */
export function trackFor(resolution: ReturnResolution): StepName[] {
  const middle: StepName[] = resolution === 'exchange' ? ['refund', 'exchange'] : ['refund'];
  return ['authorize', 'receive', 'inspect', 'stock', ...middle, 'erp_credit', 'close'];
}

/** Every step a return of this resolution has (the track plus the ERP authorization). */
export function stepsFor(resolution: ReturnResolution): StepName[] {
  return [...trackFor(resolution), 'erp_authorization'];
}

/** Steps that become due when `done` completes. */
export function nextSteps(resolution: ReturnResolution, done: StepName): StepName[] {
  const track = trackFor(resolution);
  const i = track.indexOf(done);
  const next = i >= 0 && i < track.length - 1 ? [track[i + 1]] : [];
  return done === 'authorize' ? [...next, 'erp_authorization'] : next;
}
