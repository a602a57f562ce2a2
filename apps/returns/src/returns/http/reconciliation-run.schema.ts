import { OpenApi } from '@retail/platform-http';
import { REFUND_DRIFT_KINDS } from '../domain/refund-drift';

// Response schema of the refund reconciliation runs (ADR 0042), for their documentation.
const { array, boolean, dateTime, integer, object, oneOf, string } = OpenApi;

const money = { amount: integer(), currency: string(), status: string() };

const FINDING = object(
  {
    kind: oneOf([...REFUND_DRIFT_KINDS]),
    refundId: string(),
    action: string({ description: 'What an operator does about it, or what the run did' }),
  },
  {
    returnId: string(),
    ours: object(money),
    theirs: object({ ...money, createdAt: dateTime() }),
    erp: object({ creditMemoId: string(), ...money }),
    corrected: boolean({ description: 'The run posted the missing credit memo' }),
  },
);

/** A run of `POST /v1/reconciliation/refunds/runs`: its window, progress and findings. */
export const REFUND_RECONCILIATION_RUN_SCHEMA = object(
  {
    runId: string(),
    trigger: oneOf(['api', 'schedule']),
    from: dateTime(),
    to: dateTime(),
    dryRun: boolean(),
    state: oneOf(['queued', 'running', 'completed', 'failed']),
    progress: object({
      providerRefunds: integer({ minimum: 0, description: 'Provider refunds listed so far' }),
      toCheck: integer({ minimum: 0, description: 'Refunded returns whose ERP memo is checked' }),
      checked: integer({ minimum: 0 }),
    }),
    reposted: integer({ minimum: 0, description: 'Credit memos posted again' }),
    drifting: integer({ minimum: 0 }),
    items: array(FINDING),
    requestedAt: dateTime(),
  },
  {
    phase: oneOf(['waiting', 'provider', 'erp']),
    error: string(),
    startedAt: dateTime(),
    finishedAt: dateTime(),
  },
);

export const REFUND_RECONCILIATION_RUNS_SCHEMA = object({
  items: array(REFUND_RECONCILIATION_RUN_SCHEMA),
});
