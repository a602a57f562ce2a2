import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SimulatorConfig } from '../config/env';
import { SIMULATOR_CONFIG } from '../config/tokens';
import { WmsRequestKind } from './wms.entities';
import { WmsService } from './wms.service';

const BATCH = 50;
const MAX_CALLBACK_ATTEMPTS = 5;
const CALLBACK_TIMEOUT_MS = 5000;

interface PendingCallback {
  seq: string;
  callback_url: string;
  callback_headers: Record<string, string> | null;
  callback_body: unknown;
  callback_attempts: number;
}

/**
 * The warehouse at work: ships requests whose delay has passed and delivers callbacks, with
 * retries (quadratic back-off, 5 attempts). State lives in the tables, so a restart resumes.
 */
@Injectable()
export class ShipmentDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ShipmentDispatcher');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly wms: WmsService,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), this.config.wmsPollMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; overlapping ticks are skipped. Public so tests can drive it. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.warn(`dispatch failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const due: { kind: WmsRequestKind; request_id: string }[] = await this.db.query(
      `SELECT kind, request_id FROM wms_request
        WHERE status = 'accepted' AND ship_due_at <= now() ORDER BY ship_due_at LIMIT $1`,
      [BATCH],
    );
    for (const row of due) await this.wms.ship(row.kind, row.request_id);
    const callbacks: PendingCallback[] = await this.db.query(
      `SELECT seq::text AS seq, callback_url, callback_headers, callback_body, callback_attempts
         FROM wms_shipment WHERE callback_status = 'pending' AND next_callback_at <= now()
        ORDER BY wms_shipment.seq LIMIT $1`,
      [BATCH],
    );
    for (const callback of callbacks) await this.deliver(callback);
  }

  private async deliver(callback: PendingCallback): Promise<void> {
    const error = await post(callback);
    const attempts = callback.callback_attempts + 1;
    const status =
      error === undefined ? 'delivered' : attempts >= MAX_CALLBACK_ATTEMPTS ? 'failed' : 'pending';
    await this.db.query(
      `UPDATE wms_shipment SET callback_status = $2, callback_attempts = $3, last_callback_error = $4,
              next_callback_at = now() + ($3::int * $3::int) * interval '1 second'
        WHERE seq = $1::bigint`,
      [callback.seq, status, attempts, error ?? null],
    );
  }
}

/** Undefined on a 2xx, otherwise what went wrong. */
async function post(callback: PendingCallback): Promise<string | undefined> {
  try {
    const response = await fetch(callback.callback_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(callback.callback_headers ?? {}) },
      body: JSON.stringify(callback.callback_body),
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
