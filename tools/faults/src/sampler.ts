import { Ctx, query } from './context';
import { http } from './http';
import { adminHeaders } from './load';

export interface StockSamples {
  samples: number;
  /** Samples that could not be taken (PostgreSQL or inventory down): not counted as clean. */
  skipped: number;
  /** Samples (SQL) where some position had reserved > on-hand or reserved < 0. */
  reservedOverOnHand: number;
  /** Samples (API) where some location showed available < 0 or reserved > on-hand. */
  negativeAvailable: number;
  apiSamples: number;
  examples: string[];
}

/**
 * Samples the stock invariants while the run goes on (Q11): every `everyMs`, one SQL pass over
 * inventory.positions and one GET /v1/positions/{sku} of a scarce SKU. Positions the movement
 * phase feeds with sales before receipts may go below zero on purpose (the contract lets
 * on-hand dip below zero when a sale is reported first): only scarce and order SKUs count.
 */
/**
 * Runs `sample` every `everyMs` while the run goes on, never two at once; `stop` waits for the
 * sample in flight and hands back `result`.
 */
export abstract class PeriodicSampler<R> {
  abstract readonly result: R;
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly everyMs: number) {}

  protected abstract sample(): Promise<void>;

  protected startTimer(): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
  }

  async stop(): Promise<R> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    return this.result;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.sample();
    } finally {
      this.busy = false;
    }
  }
}

export class InvariantSampler extends PeriodicSampler<StockSamples> {
  readonly result: StockSamples = {
    samples: 0,
    skipped: 0,
    reservedOverOnHand: 0,
    negativeAvailable: 0,
    apiSamples: 0,
    examples: [],
  };

  constructor(
    private readonly ctx: Ctx,
    everyMs = 250,
  ) {
    super(everyMs);
  }

  start(): void {
    this.startTimer();
  }

  protected async sample(): Promise<void> {
    await Promise.all([this.sql(), this.api()]);
  }

  private async sql(): Promise<void> {
    const prefix = `${this.ctx.catalog.tag}-%`;
    const res = await query<{
      sku: string;
      location_id: string;
      on_hand: number;
      reserved: number;
    }>(
      this.ctx,
      `SELECT sku, location_id, on_hand, reserved FROM inventory.positions
        WHERE sku LIKE $1 AND sku NOT LIKE $2 AND (reserved > on_hand OR reserved < 0)`,
      [prefix, `${this.ctx.catalog.tag}-MV-%`],
    );
    if (res.error) {
      this.result.skipped++;
      return;
    }
    this.result.samples++;
    if (res.rows.length === 0) return;
    this.result.reservedOverOnHand++;
    const r = res.rows[0];
    this.note(`sql: ${r.sku}@${r.location_id} reserved ${r.reserved} > onHand ${r.on_hand}`);
  }

  private async api(): Promise<void> {
    const sku = this.ctx.rng.pick(this.ctx.catalog.scarceSkus);
    const res = await http({
      method: 'GET',
      url: `${this.ctx.stack.url('inventory')}/v1/positions/${sku}`,
      headers: adminHeaders,
      timeoutMs: 2000,
    });
    if (res.status !== 200) return;
    this.result.apiSamples++;
    const positions: any[] = Array.isArray(res.json) ? res.json : (res.json?.positions ?? []);
    const bad = positions.find((p) => p.available < 0 || p.reserved > p.onHand);
    if (!bad) return;
    this.result.negativeAvailable++;
    this.note(
      `api: ${sku}@${bad.locationId} onHand ${bad.onHand} reserved ${bad.reserved} available ${bad.available}`,
    );
  }

  private note(example: string): void {
    if (this.result.examples.length < 10) this.result.examples.push(example);
  }
}
