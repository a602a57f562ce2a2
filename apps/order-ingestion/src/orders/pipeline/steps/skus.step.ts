import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { OrderState, StoredLine } from '../../domain/order-state';
import { CatalogPort } from '../../ports/catalog.port';
import { PipelineRepository } from '../pipeline.repository';
import { PipelineSignal } from '../pipeline-signal';
import type { StepHandler, StepResult } from '../step-handler';

/** Safety net: parked exceptions are re-checked this often even without a change event. */
const EXCEPTION_RECHECK_MS = 60_000;

/**
 * Resolves every line to a canonical SKU from the local master-data read model: the channel
 * mapping first (channel SKU -> SKU), else the SKU itself when it is a known product. Unknown
 * SKUs park the order in `exception`; a product or mapping change wakes it (onChange).
 */
@Injectable()
export class SkusStep implements StepHandler, OnModuleInit {
  readonly step = 'skus' as const;
  private readonly logger = new Logger(SkusStep.name);

  constructor(
    private readonly catalog: CatalogPort,
    private readonly queue: PipelineRepository,
    private readonly signal: PipelineSignal,
  ) {}

  onModuleInit(): void {
    this.catalog.onChange((change) => {
      if (change.entity === 'location') return;
      this.queue
        .wakeSkuExceptions()
        .then((n) => n > 0 && this.signal.wake())
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'wake failed'));
    });
  }

  async run(order: OrderState): Promise<StepResult> {
    const resolved = new Map<string, string>();
    const missing: string[] = [];
    for (const line of order.lines) {
      const sku = await this.resolve(order.channel, line);
      if (sku) resolved.set(line.lineId, sku);
      else missing.push(line.channelSku ?? line.sku);
    }
    if (missing.length > 0) {
      const reason = `unknown SKU ${[...new Set(missing)].join(', ')}`;
      return { next: 'skus', status: 'exception', reason, wakeInMs: EXCEPTION_RECHECK_MS };
    }
    return this.resolvedResult(order, resolved);
  }

  private async resolve(channel: string, line: StoredLine): Promise<string | undefined> {
    const given = line.channelSku ?? line.sku;
    const mapped = await this.catalog.resolveChannelSku(channel, given);
    for (const candidate of [mapped, given]) {
      if (candidate && (await this.catalog.getProduct(candidate))) return candidate;
    }
    return undefined;
  }

  private resolvedResult(order: OrderState, resolved: Map<string, string>): StepResult {
    const changes = order.lines
      .filter((l) => resolved.get(l.lineId) !== l.sku)
      .map((l) => ({ lineId: l.lineId, field: 'sku', from: l.sku, to: resolved.get(l.lineId) }));
    const lines = order.order.lines.map((l) => ({ ...l, sku: resolved.get(l.lineId) ?? l.sku }));
    return {
      next: 'holds',
      status: order.status === 'exception' ? 'received' : undefined,
      transformations: changes,
      persist: async (m) => {
        if (changes.length === 0) return;
        await m.query(
          `UPDATE order_lines l SET sku = r.sku
             FROM jsonb_to_recordset($2::jsonb) AS r(line_id text, sku text)
            WHERE l.order_id = $1 AND l.line_id = r.line_id`,
          [order.id, JSON.stringify(changes.map((c) => ({ line_id: c.lineId, sku: c.to })))],
        );
        await m.query(`UPDATE orders SET "order" = $2::jsonb WHERE id = $1`, [
          order.id,
          JSON.stringify({ ...order.order, lines }),
        ]);
      },
    };
  }
}
