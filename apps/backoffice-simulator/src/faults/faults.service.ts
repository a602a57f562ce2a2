import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { SIMULATOR_CONFIG } from '../config/tokens';
import { SimulatorConfig } from '../config/env';
import { DropConnectionError, SimulatorHttpError } from '../common/simulator-http.error';
import {
  FaultState,
  SYSTEMS,
  SimulatedSystem,
  SystemFaults,
  defaultFaults,
  latencyFor,
} from './fault-config';
import { ConcurrencyCounters, RequestCounters, emptyRequestCounters } from './fault-counters';

/** One request's pass through the fault layer. */
export interface Admission {
  system: SimulatedSystem;
  faults: SystemFaults;
  rejection?: SimulatorHttpError;
  /** performance.now() at admission. */
  enteredAt: number;
}

export const RANDOM = Symbol('RANDOM');

/**
 * All fault behaviour in one place: modes, latency, error rate, dropped responses and the
 * concurrency limit. Counting is synchronous (before any await), so in-flight and peak
 * figures are exact for this process.
 */
@Injectable()
export class FaultsService {
  private state: FaultState;
  private requests = {} as Record<SimulatedSystem, RequestCounters>;
  private readonly concurrency = {} as Record<SimulatedSystem, ConcurrencyCounters>;
  private peaksSince = new Date();

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(RANDOM) private readonly random: () => number,
  ) {
    this.state = defaultFaults(config.erpMaxConcurrency, config.wmsShipmentDelayMs);
    for (const system of SYSTEMS) {
      this.requests[system] = emptyRequestCounters();
      this.concurrency[system] = {
        inFlight: 0,
        peak: 0,
        peakAdmitted: 0,
        admittedInFlight: 0,
        admittedBusyMs: 0,
      };
    }
  }

  enter(system: SimulatedSystem): Admission {
    const faults = { ...this.state[system] };
    const load = this.concurrency[system];
    const counters = this.requests[system];
    counters.total++;
    load.inFlight++;
    load.peak = Math.max(load.peak, load.inFlight);
    const rejection = this.rejectionFor(faults, load, counters);
    if (!rejection) {
      counters.admitted++;
      load.admittedInFlight++;
      load.peakAdmitted = Math.max(load.peakAdmitted, load.admittedInFlight);
    }
    return { system, faults, rejection, enteredAt: performance.now() };
  }

  /** Throws the rejection, waits the configured latency, injects random 500s. */
  async beforeHandler(admission: Admission): Promise<void> {
    if (admission.rejection) throw admission.rejection;
    const latency = latencyFor(admission.faults);
    if (latency > 0) await sleep(latency);
    if (admission.faults.errorRate > 0 && this.random() < admission.faults.errorRate) {
      this.requests[admission.system].injectedErrors++;
      throw new SimulatorHttpError(500, 'UNEXPECTED_ERROR', 'injected failure (errorRate)');
    }
  }

  /** Called once the handler has committed. */
  afterCommit(admission: Admission): void {
    if (!admission.faults.dropResponseAfterCommit) return;
    this.requests[admission.system].droppedAfterCommit++;
    throw new DropConnectionError();
  }

  leave(admission: Admission): void {
    const load = this.concurrency[admission.system];
    load.inFlight--;
    if (admission.rejection) return;
    load.admittedInFlight--;
    load.admittedBusyMs += performance.now() - admission.enteredAt;
  }

  settings(system: SimulatedSystem): SystemFaults {
    return { ...this.state[system] };
  }

  current(): FaultState {
    return structuredClone(this.state);
  }

  update(changes: Partial<Record<SimulatedSystem, Partial<SystemFaults>>>): FaultState {
    for (const system of SYSTEMS) {
      const change = changes[system];
      if (change) this.state[system] = { ...this.state[system], ...change };
    }
    return this.current();
  }

  counters(system: SimulatedSystem) {
    const load = this.concurrency[system];
    return {
      requests: { ...this.requests[system] },
      inFlight: load.inFlight,
      // What the ERP actually ran at once, as NetSuite counts it: requests over the limit are
      // refused with 429 and never run, so they are not part of the peak.
      peakConcurrency: load.peakAdmitted,
      /** @deprecated same as peakConcurrency; kept for older readers. */
      peakAdmittedConcurrency: load.peakAdmitted,
      /** Requests that arrived at once, 429s included: what callers attempted. */
      peakAttemptedConcurrency: load.peak,
      peaksSince: this.peaksSince.toISOString(),
      /** Slot-milliseconds used by admitted requests since start (never reset: take deltas). */
      admittedBusyMs: Math.round(load.admittedBusyMs),
      maxConcurrency: this.state[system].maxConcurrency,
    };
  }

  /** Peaks restart from what is in flight now (e.g. right after lowering a limit). */
  resetPeaks(): void {
    this.peaksSince = new Date();
    for (const system of SYSTEMS) {
      const load = this.concurrency[system];
      load.peak = load.inFlight;
      load.peakAdmitted = load.admittedInFlight;
    }
  }

  /** Back to defaults; peaks restart from what is in flight right now. */
  reset(): void {
    this.state = defaultFaults(this.config.erpMaxConcurrency, this.config.wmsShipmentDelayMs);
    for (const system of SYSTEMS) this.requests[system] = emptyRequestCounters();
    this.resetPeaks();
  }

  private rejectionFor(
    faults: SystemFaults,
    load: ConcurrencyCounters,
    counters: RequestCounters,
  ): SimulatorHttpError | undefined {
    if (faults.mode === 'down') {
      counters.down++;
      return new SimulatorHttpError(
        503,
        'SERVICE_UNAVAILABLE',
        'service unavailable (fault: down)',
        {
          'retry-after': '5',
        },
      );
    }
    if (faults.mode === 'reject') {
      counters.rejected++;
      return new SimulatorHttpError(400, 'USER_ERROR', 'record refused (fault: reject)');
    }
    if (faults.mode === 'throttle') {
      counters.throttled++;
      return tooManyRequests(
        'request rate limit exceeded (fault: throttle)',
        'REQUEST_LIMIT_EXCEEDED',
      );
    }
    if (faults.maxConcurrency !== null && load.admittedInFlight >= faults.maxConcurrency) {
      counters.overConcurrency++;
      const detail = `concurrent request limit of ${faults.maxConcurrency} exceeded; request blocked`;
      return tooManyRequests(detail, 'CONCURRENCY_LIMIT_EXCEEDED');
    }
    return undefined;
  }
}

/** NetSuite answers REST callers over the limit with 429; we add Retry-After: 1. */
function tooManyRequests(detail: string, code: string): SimulatorHttpError {
  return new SimulatorHttpError(429, code, detail, { 'retry-after': '1' });
}
