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
import { ReconcileHandler } from './reconcile.handler';

/**
 * Reconciles every account over the last CHANNEL_SYNC_RECONCILE_WINDOW_HOURS, every
 * CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES; one replica per account (advisory lock).
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly clients: ChannelClients,
    private readonly handler: ReconcileHandler,
    private readonly lock: SessionLock,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelSyncConfig,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.env.CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES;
    if (!this.config.env.CHANNEL_SYNC_SCHEDULE_ENABLED || minutes === 0) return;
    this.timer = setInterval(() => void this.tick(), minutes * 60_000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const until = new Date(Date.now() - this.config.env.CHANNEL_SYNC_SETTLE_SECONDS * 1000);
    const since = new Date(
      until.getTime() - this.config.env.CHANNEL_SYNC_RECONCILE_WINDOW_HOURS * 3_600_000,
    );
    for (const { account } of this.clients.all()) {
      const release = await this.lock.tryAcquire(
        `${this.config.schema}:reconcile:${account.channel}`,
      );
      if (!release) continue;
      await RequestContext.run({ correlationId: randomUUID() }, () =>
        this.handler.execute(account.channel, { since, until }, false),
      )
        .catch((err) =>
          this.logger.warn(
            { channel: account.channel, err: (err as Error).message },
            'scheduled reconcile failed',
          ),
        )
        .finally(() => release());
    }
  }
}
