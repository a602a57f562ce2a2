import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import { randomUUID } from 'crypto';
import { SessionLock } from '@retail/platform-persistence';
import { ChannelClients } from '../channels/channel-clients';
import type { ChannelSyncConfig } from '../config/env';
import { AvailabilityDrift } from '../outbound/availability-drift';
import { ReconcileHandler } from './reconcile.handler';

/**
 * Reconciles every account over the last CHANNEL_SYNC_RECONCILE_WINDOW_HOURS, every
 * CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES; one replica per account (advisory lock). The round
 * includes the availability drift check (channels with a read API): drift is counted
 * (`retail_channel_availability_drift_total`) and pushed again. When the orders part fails
 * (order-ingestion or the channel's order API unavailable) the drift check still runs on its own.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly clients: ChannelClients,
    private readonly handler: ReconcileHandler,
    private readonly lock: SessionLock,
    private readonly drift: AvailabilityDrift,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelSyncConfig,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.env.CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES;
    if (!this.config.env.CHANNEL_SYNC_SCHEDULE_ENABLED || minutes === 0) return;
    this.timer = setInterval(() => void this.runOnce(), minutes * 60_000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One scheduled round over every account (the timer's; called directly by tests). */
  async runOnce(): Promise<void> {
    const until = new Date(Date.now() - this.config.env.CHANNEL_SYNC_SETTLE_SECONDS * 1000);
    const since = new Date(
      until.getTime() - this.config.env.CHANNEL_SYNC_RECONCILE_WINDOW_HOURS * 3_600_000,
    );
    for (const configured of this.clients.all()) {
      const channel = configured.account.channel;
      const release = await this.lock.tryAcquire(`${this.config.schema}:reconcile:${channel}`);
      if (!release) continue;
      await RequestContext.run({ correlationId: randomUUID() }, async () => {
        try {
          await this.handler.execute(channel, { since, until }, false);
        } catch (err) {
          this.logger.warn({ channel, err: (err as Error).message }, 'scheduled reconcile failed');
          await this.drift
            .check(configured, false)
            .catch((e) =>
              this.logger.warn(
                { channel, err: (e as Error).message },
                'scheduled availability drift check failed',
              ),
            );
        }
      }).finally(() => release());
    }
  }
}
