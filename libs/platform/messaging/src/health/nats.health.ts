import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { NatsClient } from '../nats/nats-client';

/** Ready when the connection is open and JetStream answers an account-info request. */
@Injectable()
export class NatsHealthIndicator {
  constructor(
    private readonly nats: NatsClient,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy<K extends string>(key: K, timeoutMs = 2000): Promise<HealthIndicatorResult<K>> {
    const check = this.indicator.check(key);
    if (!this.nats.isHealthy()) return check.down({ message: 'connection closed or draining' });
    try {
      await withTimeout(this.nats.jsm.getAccountInfo(), timeoutMs);
      return check.up({ server: this.nats.nc.info?.version ?? 'unknown' });
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JetStreamUnreachableError(ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

class JetStreamUnreachableError extends Error {
  constructor(ms: number) {
    super(`JetStream did not answer within ${ms} ms`);
  }
}
