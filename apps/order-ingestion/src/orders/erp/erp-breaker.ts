import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErpUnavailableError } from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import CircuitBreaker from 'opossum';
import type { OrderIngestionConfig } from '../../config/env';

/**
 * One circuit breaker per replica around every ERP call. Only "ERP unavailable" failures (5xx,
 * timeouts, refused connections) count: a 429 means the ERP is alive and busy, a 4xx is about
 * one record. While open, the dispatcher claims nothing, so an outage does not burn the jobs'
 * attempts; after ERP_BREAKER_RESET_MS one trial call goes through (half-open).
 */
@Injectable()
export class ErpBreaker {
  private readonly logger = new Logger(ErpBreaker.name);
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private closeListeners: Array<() => void> = [];

  constructor(@Inject(SERVICE_CONFIG) config: OrderIngestionConfig) {
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      timeout: false,
      resetTimeout: config.env.ERP_BREAKER_RESET_MS,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      rollingCountTimeout: 10_000,
      errorFilter: (err: unknown) => !(err instanceof ErpUnavailableError),
    });
    this.breaker.on('open', () => this.logger.warn('ERP circuit open: pausing ERP calls'));
    this.breaker.on('halfOpen', () => this.logger.log('ERP circuit half-open: one trial call'));
    this.breaker.on('close', () => {
      this.logger.log('ERP circuit closed: ERP calls resume');
      this.closeListeners.forEach((listener) => listener());
    });
  }

  /** Whether a call may be attempted now (closed, or half-open with no trial running). */
  get admits(): boolean {
    return this.breaker.closed || this.breaker.pendingClose;
  }

  fire<T>(call: () => Promise<T>): Promise<T> {
    return this.breaker.fire(call) as Promise<T>;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** opossum rejects with code EOPENBREAKER while open. */
export function isBreakerOpen(err: unknown): boolean {
  return (err as { code?: string } | undefined)?.code === 'EOPENBREAKER';
}
