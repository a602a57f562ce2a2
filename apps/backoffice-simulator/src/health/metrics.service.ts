import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { SYSTEMS } from '../faults/fault-config';
import { FaultsService } from '../faults/faults.service';

type LoadReading = (counters: ReturnType<FaultsService['counters']>) => number;

/** A registry per app instance, so several simulators in one test process do not collide. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'backoffice_simulator_requests_total',
    help: 'Requests to the stand-in systems by system and HTTP status',
    labelNames: ['system', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'backoffice_simulator_request_duration_seconds',
    help: 'Time to answer a request to a stand-in system',
    labelNames: ['system'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(private readonly faults: FaultsService) {
    collectDefaultMetrics({ register: this.registry });
    this.loadGauge('backoffice_simulator_in_flight', 'Requests in flight', (c) => c.inFlight);
    this.loadGauge(
      'backoffice_simulator_peak_concurrency',
      'Most concurrent requests seen since the last reset',
      (c) => c.peakConcurrency,
    );
  }

  observe(system: string, status: number, seconds: number): void {
    this.requests.inc({ system, status: String(status) });
    this.duration.observe({ system }, seconds);
  }

  /** Read from the fault layer at scrape time (it holds the exact figures). */
  private loadGauge(name: string, help: string, read: LoadReading): void {
    const faults = this.faults;
    new Gauge({
      name,
      help: `${help} per stand-in system`,
      labelNames: ['system'],
      registers: [this.registry],
      collect() {
        for (const system of SYSTEMS) this.set({ system }, read(faults.counters(system)));
      },
    });
  }
}
