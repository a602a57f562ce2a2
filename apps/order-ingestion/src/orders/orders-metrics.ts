import { Injectable, OnModuleInit } from '@nestjs/common';
import { collectedGauge } from '@retail/platform-observability';
import { DataSource } from 'typeorm';

/** Business gauges computed at scrape time from the orders table. */
@Injectable()
export class OrdersMetrics implements OnModuleInit {
  constructor(private readonly db: DataSource) {}

  onModuleInit(): void {
    collectedGauge(
      'retail_orders_awaiting_erp',
      'Orders waiting for their ERP sales order',
      [],
      () => this.count(`status = 'awaiting_erp'`),
    );
    collectedGauge('retail_orders_in_exception', 'Orders parked in exception', [], () =>
      this.count(`status = 'exception'`),
    );
    collectedGauge('retail_erp_queue_depth', 'ERP jobs pending or in flight', [], () =>
      this.countJobs(),
    );
  }

  private async count(where: string) {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM orders WHERE ${where}`);
    return [{ value: row.n as number }];
  }

  private async countJobs() {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE queue = 'erp' AND state <> 'dead'`,
    );
    return [{ value: row.n as number }];
  }
}
