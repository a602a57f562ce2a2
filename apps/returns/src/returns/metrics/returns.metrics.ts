import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { collectedGauge, counter } from '@retail/platform-observability';

export const refundExceptions = () =>
  counter('retail_refund_exceptions_total', 'Refunds that need an operator, by sales channel', [
    'channel',
  ]);

/** Business gauges computed from the returns schema when Prometheus scrapes. */
@Injectable()
export class ReturnsMetrics implements OnModuleInit {
  constructor(private readonly db: DataSource) {}

  onModuleInit(): void {
    refundExceptions();
    collectedGauge('retail_returns_by_state', 'Returns per status', ['state'], async () => {
      const rows = await this.db.query(
        `SELECT status, count(*)::int AS n FROM returns GROUP BY status`,
      );
      return rows.map((r: { status: string; n: number }) => ({
        labels: { state: r.status },
        value: r.n,
      }));
    });
    collectedGauge(
      'retail_returns_pending_disposition',
      'Returns received or inspected whose stock is not dispositioned yet',
      [],
      async () => {
        const [row] = await this.db.query(
          `SELECT count(*)::int AS n FROM returns WHERE status IN ('received', 'inspected')`,
        );
        return [{ value: row.n }];
      },
    );
  }
}
