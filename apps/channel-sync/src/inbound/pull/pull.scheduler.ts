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
import { ChannelClients } from '../../channels/channel-clients';
import type { ChannelSyncConfig } from '../../config/env';
import { PullRunner } from './pull.runner';

/**
 * Pulls every account on its own interval (`<CHANNEL>_PULL_INTERVAL_SECONDS`). Every replica
 * ticks; the account's advisory lock lets one of them pull, the others skip that tick. A failed
 * pull leaves the cursor where it was: the next tick resumes the same window.
 */
@Injectable()
export class PullScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PullScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping = false;

  constructor(
    private readonly clients: ChannelClients,
    private readonly runner: PullRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelSyncConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.env.CHANNEL_SYNC_SCHEDULE_ENABLED) return;
    for (const { account } of this.clients.all()) {
      const loop = async () => {
        await this.tick(account.channel);
        if (!this.stopping) this.timers.push(setTimeout(loop, account.pullIntervalMs).unref());
      };
      // The first pull shortly after boot: a restarted replica closes its gap at once.
      this.timers.push(setTimeout(loop, 1000).unref());
    }
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    this.timers.forEach(clearTimeout);
  }

  private async tick(channel: string): Promise<void> {
    await RequestContext.run({ correlationId: randomUUID() }, async () => {
      try {
        await this.runner.pull(channel);
      } catch (err) {
        this.logger.warn({ channel, err: (err as Error).message }, 'scheduled pull failed');
      }
    });
  }
}
