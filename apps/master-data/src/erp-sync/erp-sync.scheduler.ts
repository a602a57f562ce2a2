import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import { CronJob } from 'cron';
import { randomUUID } from 'crypto';
import { MasterDataException } from '../common/master-data.exception';
import type { MasterDataConfig } from '../config/env';
import { ErpSyncRunner } from './erp-sync.runner';

/**
 * Runs the item-master pull on MASTERDATA_ERP_SYNC_CRON (unset: no schedule). Every replica
 * ticks; the advisory lock lets exactly one of them run, the others skip that tick.
 */
@Injectable()
export class ErpSyncScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ErpSyncScheduler.name);

  constructor(
    private readonly runner: ErpSyncRunner,
    private readonly registry: SchedulerRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: MasterDataConfig,
  ) {}

  onApplicationBootstrap(): void {
    const expression = this.config.env.MASTERDATA_ERP_SYNC_CRON;
    if (!expression) return;
    const job = CronJob.from({ cronTime: expression, onTick: () => this.tick(), start: false });
    this.registry.addCronJob('erp-item-master-sync', job);
    job.start();
    this.logger.log(`ERP item-master sync scheduled: ${expression}`);
  }

  async tick(): Promise<void> {
    await RequestContext.run({ correlationId: randomUUID() }, async () => {
      try {
        await this.runner.run({ trigger: 'schedule' });
      } catch (err) {
        if (err instanceof MasterDataException && err.code === 'sync-in-progress') return;
        this.logger.warn({ err }, 'scheduled ERP sync failed; the next tick resumes it');
      }
    });
  }
}
