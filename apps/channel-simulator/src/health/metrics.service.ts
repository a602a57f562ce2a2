import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry per app instance, so several simulators in one test process do not collide. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'channel_simulator_requests_total',
    help: 'Requests to the stand-in channels by channel, operation and HTTP status',
    labelNames: ['channel', 'operation', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'channel_simulator_request_duration_seconds',
    help: 'Time to answer a request to a stand-in channel',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observe(channel: string, operation: string, status: number, seconds: number): void {
    this.requests.inc({ channel, operation, status: String(status) });
    this.duration.observe({ channel }, seconds);
  }
}
