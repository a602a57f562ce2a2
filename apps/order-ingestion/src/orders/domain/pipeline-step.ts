/**
 * Steps of the order pipeline, persisted in `orders.step`. An order is on exactly one step;
 * a worker picks up orders whose `next_attempt_at` is due, runs the step and commits the
 * transition. `next_attempt_at` NULL means parked: waiting for something outside (a hold
 * release, master data, the ERP queue).
 */
export const PIPELINE_STEPS = [
  'validate',
  'customer',
  'skus',
  'holds',
  'routing',
  'reserve',
  'erp',
  'erp_wait',
  'release',
  'done',
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** Steps the worker runs (the others are parked states). */
export type ActiveStep = Exclude<PipelineStep, 'erp_wait' | 'done'>;

export function isActiveStep(step: PipelineStep): step is ActiveStep {
  return step !== 'erp_wait' && step !== 'done';
}
