import { Inject, Injectable } from '@nestjs/common';
import { ChannelName } from '../channels/channel';
import { Clock, CLOCK } from '../config/tokens';
import { RateLimiter } from '../limits/rate-limiter';
import { LimitDecision, LimitSpec } from '../limits/limit-spec';
import { ChannelFaults, FaultState, defaultFaults } from './fault-config';
import { FaultChanges } from './fault-update';

/**
 * Fault settings and the vendors' limiters, per channel. A limiter is rebuilt (empty) when
 * its spec changes; the figures of the old one are dropped with it.
 */
@Injectable()
export class FaultsService {
  private state: FaultState = defaultFaults();
  private limiters = new Map<string, RateLimiter>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  settings(channel: ChannelName): ChannelFaults {
    return this.state[channel];
  }

  current(): FaultState {
    return structuredClone(this.state);
  }

  limiterNames(channel: ChannelName): string[] {
    return Object.keys(this.state[channel].limits);
  }

  update(changes: FaultChanges): FaultState {
    for (const [channel, change] of Object.entries(changes) as [
      ChannelName,
      Partial<ChannelFaults>,
    ][]) {
      const { limits, ...rest } = change;
      const next = { ...this.state[channel], ...rest };
      if (limits) {
        next.limits = { ...next.limits, ...limits };
        for (const name of Object.keys(limits)) this.limiters.delete(`${channel}/${name}`);
      }
      this.state[channel] = next;
    }
    return this.current();
  }

  /** Takes `amount` places (default one) from the named limiter; undefined when none applies. */
  take(channel: ChannelName, name: string | undefined, amount = 1): LimitDecision | undefined {
    const limiter = this.limiter(channel, name);
    return limiter?.take(this.clock(), amount);
  }

  spec(channel: ChannelName, name: string | undefined): LimitSpec | null {
    return name === undefined ? null : (this.state[channel].limits[name] ?? null);
  }

  limiterStats(channel: ChannelName) {
    return Object.fromEntries(
      Object.entries(this.state[channel].limits).map(([name, spec]) => [
        name,
        { limit: spec, ...(this.limiters.get(`${channel}/${name}`)?.stats() ?? null) },
      ]),
    );
  }

  reset(): void {
    this.state = defaultFaults();
    this.limiters.clear();
  }

  private limiter(channel: ChannelName, name: string | undefined): RateLimiter | undefined {
    const spec = this.spec(channel, name);
    if (!spec || name === undefined) return undefined;
    const key = `${channel}/${name}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(spec);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
