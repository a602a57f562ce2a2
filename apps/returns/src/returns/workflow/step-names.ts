import type { ReturnResolution } from '@retail/contracts';

/**
 * The persisted steps of a return. `receive` and `inspect` are done by people (HTTP); the worker
 * runs the others. `erp_authorization` runs beside the main track once the return is authorized;
 * `advance_due` (advance exchanges) is scheduled for the end of the return window.
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
  'advance_due',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const WORKER_STEPS: readonly StepName[] = [
  'erp_authorization',
  'stock',
  'refund',
  'exchange',
  'erp_credit',
  'close',
  'advance_due',
];

export type StepState =
  'waiting' | 'pending' | 'running' | 'done' | 'failed' | 'compensated' | 'skipped';

/** What decides a return's track: its resolution and, for an exchange, whether it is advance. */
export interface TrackShape {
  resolution: ReturnResolution;
  exchange?: { advance: boolean };
}

const isAdvance = (r: TrackShape) => r.resolution === 'exchange' && !!r.exchange?.advance;

/**
 * The main track of a return, in order. An exchange places its replacement after the refund
 * step settled the price difference; an advance exchange places it right after authorization,
 * before the goods come back, and settles the difference after inspection.
 */
export function trackFor(r: TrackShape | ReturnResolution): StepName[] {
  const shape = typeof r === 'string' ? { resolution: r } : r;
  if (isAdvance(shape))
    return [
      'authorize',
      'exchange',
      'receive',
      'inspect',
      'stock',
      'refund',
      'erp_credit',
      'close',
    ];
  const middle: StepName[] = shape.resolution === 'exchange' ? ['refund', 'exchange'] : ['refund'];
  return ['authorize', 'receive', 'inspect', 'stock', ...middle, 'erp_credit', 'close'];
}

/** Every step a return has (the track, the ERP authorization and an advance exchange's due check). */
export function stepsFor(r: TrackShape | ReturnResolution): StepName[] {
  const shape = typeof r === 'string' ? { resolution: r } : r;
  return [
    ...trackFor(shape),
    'erp_authorization',
    ...(isAdvance(shape) ? ['advance_due' as const] : []),
  ];
}

/** Steps that become due when `done` completes (`advance_due` is scheduled, never made due). */
export function nextSteps(r: TrackShape | ReturnResolution, done: StepName): StepName[] {
  const track = trackFor(r);
  const i = track.indexOf(done);
  const next = i >= 0 && i < track.length - 1 ? [track[i + 1]] : [];
  return done === 'authorize' ? [...next, 'erp_authorization'] : next;
}
