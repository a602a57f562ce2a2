import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { DataSource } from 'typeorm';
import type { MasterDataConfig } from '../../config/env';

const BATCH = 5000;
const EVERY_MS = 3600_000;

// At most BATCH rows a statement, by primary key, so each holds its locks briefly.
const PURGE = `DELETE FROM customer_match WHERE (channel, order_id) IN (
  SELECT channel, order_id FROM customer_match
   WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`;

/** Deletes bulk-match answers past MASTERDATA_MATCH_RETENTION_HOURS, hourly, in batches. */
@Injectable()
export class MatchAnswersJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MatchAnswersJanitor.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: MasterDataConfig,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.purge().catch((err: Error) =>
        this.logger.warn({ err: err.message }, 'match answer purge failed'),
      );
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many answers were deleted. */
  async purge(): Promise<number> {
    const hours = this.config.env.MASTERDATA_MATCH_RETENTION_HOURS;
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.db.query(PURGE, [hours, BATCH])) as [unknown, number];
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
