import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelName } from '../channels/channel';
import { SimulatorConfig } from '../config/env';
import { RANDOM, SIMULATOR_CONFIG } from '../config/tokens';
import { FaultsService } from '../gate/faults.service';

export interface WebhookTarget {
  id: string;
  channel: ChannelName;
  url: string;
  /** Shopify: the app's client secret; Square: the subscription's signature key. */
  secret?: string;
  /** Sent with every delivery (BigCommerce's custom headers given at registration). */
  headers: Record<string, string>;
}

/** One event as the channel would send it; `sign` adds the vendor's signature headers. */
export interface WebhookEvent {
  topic: string;
  body: unknown;
  headers?: Record<string, string>;
  sign?: (target: WebhookTarget, rawBody: string) => Record<string, string>;
}

export interface DeliveryCounters {
  events: number;
  delivered: number;
  failed: number;
  dropped: number;
}

const TIMEOUT_MS = 5000;

/**
 * Registered delivery targets and the deliveries themselves (fire and forget, retried with
 * doubling delays; `dropWebhooks` silently drops a share, as a lost delivery would).
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('WebhooksService');
  private targets: WebhookTarget[] = [];
  private counters = new Map<ChannelName, DeliveryCounters>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly faults: FaultsService,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(RANDOM) private readonly random: () => number,
  ) {}

  register(target: Omit<WebhookTarget, 'id'>): WebhookTarget {
    const registered = { ...target, id: randomUUID() };
    this.targets.push(registered);
    return registered;
  }

  list(): WebhookTarget[] {
    return this.targets.map((t) => ({ ...t, secret: t.secret ? '***' : undefined }));
  }

  emit(channel: ChannelName, event: WebhookEvent): void {
    for (const target of this.targets.filter((t) => t.channel === channel)) {
      const counters = this.of(channel);
      counters.events++;
      if (this.random() < this.faults.settings(channel).dropWebhooks) {
        counters.dropped++;
        continue;
      }
      const delivery = this.deliver(target, event).finally(() => this.pending.delete(delivery));
      this.pending.add(delivery);
    }
  }

  stats(channel: ChannelName): DeliveryCounters {
    return { ...this.of(channel) };
  }

  /** Waits for deliveries under way (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  reset(): void {
    this.targets = [];
    this.counters.clear();
  }

  private async deliver(target: WebhookTarget, event: WebhookEvent): Promise<void> {
    const raw = JSON.stringify(event.body);
    const headers = {
      'content-type': 'application/json',
      ...event.headers,
      ...event.sign?.(target, raw),
      ...target.headers,
    };
    for (let attempt = 1; attempt <= this.config.webhookAttempts; attempt++) {
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers,
          body: raw,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (res.ok) {
          this.of(target.channel).delivered++;
          return;
        }
        this.logger.warn(
          `${event.topic} to ${target.url}: HTTP ${res.status} (attempt ${attempt})`,
        );
      } catch (error) {
        this.logger.warn(`${event.topic} to ${target.url}: ${String(error)} (attempt ${attempt})`);
      }
      if (attempt < this.config.webhookAttempts)
        await sleep(this.config.webhookRetryMs * 2 ** (attempt - 1));
    }
    this.of(target.channel).failed++;
  }

  private of(channel: ChannelName): DeliveryCounters {
    let counters = this.counters.get(channel);
    if (!counters) {
      counters = { events: 0, delivered: 0, failed: 0, dropped: 0 };
      this.counters.set(channel, counters);
    }
    return counters;
  }
}
