import { Injectable } from '@nestjs/common';
import { ChannelName } from '../channels/channel';

export interface OperationCounters {
  requests: number;
  /** 2xx answers. */
  ok: number;
  /** 429 because the vendor's limit was exceeded. */
  rateLimited: number;
  /** 429 forced by mode = throttle. */
  throttled: number;
  /** 503 because mode = down. */
  down: number;
  unauthorized: number;
  /** 500 injected by errorRate. */
  injectedErrors: number;
  /** Other 4xx (bad input, not found, version conflicts). */
  clientErrors: number;
}

export type GateOutcome = 'rateLimited' | 'throttled' | 'down' | 'unauthorized' | 'injectedErrors';

const empty = (): OperationCounters => ({
  requests: 0,
  ok: 0,
  rateLimited: 0,
  throttled: 0,
  down: 0,
  unauthorized: 0,
  injectedErrors: 0,
  clientErrors: 0,
});

/** Request counters per channel and operation, in process memory, zeroed by /admin/reset. */
@Injectable()
export class StatsService {
  private counters = new Map<string, OperationCounters>();

  request(channel: ChannelName, operation: string): void {
    this.of(channel, operation).requests++;
  }

  outcome(channel: ChannelName, operation: string, outcome: GateOutcome): void {
    this.of(channel, operation)[outcome]++;
  }

  answered(channel: ChannelName, operation: string, status: number): void {
    const counters = this.of(channel, operation);
    if (status < 300) counters.ok++;
    else if (status >= 400 && status < 500 && status !== 401 && status !== 429)
      counters.clientErrors++;
  }

  operations(channel: ChannelName): Record<string, OperationCounters> {
    const prefix = `${channel}/`;
    return Object.fromEntries(
      [...this.counters]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), { ...value }]),
    );
  }

  reset(): void {
    this.counters.clear();
  }

  private of(channel: ChannelName, operation: string): OperationCounters {
    const key = `${channel}/${operation}`;
    let counters = this.counters.get(key);
    if (!counters) {
      counters = empty();
      this.counters.set(key, counters);
    }
    return counters;
  }
}
