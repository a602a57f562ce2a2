import { counter, gauge, histogram } from '@retail/platform-observability';
import type { ErpPriority } from './erp-priority';
import type { GrantOutcome } from './governor.repository';

const limitGauge = () =>
  gauge('retail_erp_governor_limit', 'Adaptive ERP concurrency limit of the account', ['account']);
const ceilingGauge = () =>
  gauge('retail_erp_governor_ceiling', 'Configured ERP concurrency ceiling (ERP_MAX_CONCURRENCY)', [
    'account',
  ]);
const inFlightGauge = () =>
  gauge('retail_erp_governor_in_flight', 'ERP calls in flight on the account, all services', [
    'account',
  ]);
const waitingGauge = () =>
  gauge('retail_erp_governor_waiting', 'ERP calls of this process waiting for a permit', [
    'account',
    'priority',
  ]);
const throttledCounter = () =>
  counter('retail_erp_governor_throttled_total', 'ERP 429 answers seen by this process', [
    'account',
    'operation',
  ]);
const callsCounter = () =>
  counter('retail_erp_governed_calls_total', 'Governed ERP calls by operation and outcome', [
    'account',
    'service',
    'operation',
    'outcome',
  ]);
const busyCounter = () =>
  counter('retail_erp_governor_busy_total', 'Calls refused after waiting maxWait for a permit', [
    'account',
    'priority',
  ]);
const errorCounter = () =>
  counter('retail_erp_governor_errors_total', 'Governor database errors (grant, release)', [
    'account',
    'step',
  ]);
const handoffCounter = () =>
  counter(
    'retail_erp_governor_handoffs_total',
    'Freed permits offered to a call waiting in the same process: handed, or freed for the account',
    ['account', 'result'],
  );
const waitHistogram = () =>
  histogram(
    'retail_erp_governor_wait_seconds',
    'Time a call waited for its ERP permit',
    ['account', 'priority'],
    [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );

const roundTripHistogram = () =>
  histogram(
    'retail_erp_governor_round_trip_seconds',
    "The governor's database round trips: grant, hand-off to the next call, release",
    ['account', 'step'],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  );
const callHistogram = () =>
  histogram(
    'retail_erp_call_seconds',
    'Governed ERP calls from permit to answer, as this service saw them (how long a permit is held)',
    ['account', 'operation'],
    [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );

/** The governor's metrics, labelled by ERP account (and priority or operation). */
export class GovernorMetrics {
  constructor(
    private readonly account: string,
    private readonly service: string,
  ) {}

  observe(outcome: Pick<GrantOutcome, 'limit' | 'ceiling' | 'inFlight'>): void {
    limitGauge().set({ account: this.account }, outcome.limit);
    ceilingGauge().set({ account: this.account }, outcome.ceiling);
    inFlightGauge().set({ account: this.account }, outcome.inFlight);
  }

  waiting(priority: ErpPriority, n: number): void {
    waitingGauge().set({ account: this.account, priority }, n);
  }

  granted(priority: ErpPriority, waitedMs: number): void {
    waitHistogram().observe({ account: this.account, priority }, waitedMs / 1000);
  }

  handoff(handed: boolean): void {
    handoffCounter().inc({ account: this.account, result: handed ? 'handed' : 'freed' });
  }

  busy(priority: ErpPriority): void {
    busyCounter().inc({ account: this.account, priority });
  }

  error(step: 'grant' | 'release'): void {
    errorCounter().inc({ account: this.account, step });
  }

  /** A round trip of the governor to its database that succeeded, and how long it took. */
  roundTrip(step: 'grant' | 'handoff' | 'release', ms: number): void {
    roundTripHistogram().observe({ account: this.account, step }, ms / 1000);
  }

  call(operation: string, outcome: string, ms: number): void {
    callHistogram().observe({ account: this.account, operation }, ms / 1000);
    callsCounter().inc({ account: this.account, service: this.service, operation, outcome });
    if (outcome === 'throttled') throttledCounter().inc({ account: this.account, operation });
  }
}
