import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { FaultsService } from '../faults/faults.service';
import { shipmentDocuments } from './shipment-payload';
import { DispositionTransferDto, FulfillmentRequestDto, TransferRequestDto } from './wms.dto';
import { WmsRequestKind } from './wms.entities';

export interface WmsRequestView {
  id: string;
  requestId: string;
  kind: WmsRequestKind;
  status: string;
  createdAt: string;
  shipment?: Record<string, unknown>;
}

interface RequestRow {
  id: string;
  kind: WmsRequestKind;
  request_id: string;
  status: string;
  created_at: Date;
  body: Record<string, unknown>;
  correlation_id?: string | null;
  shipment?: Record<string, unknown> | null;
}

/** Fulfillment and transfer requests, keyed by the caller's requestId. */
@Injectable()
export class WmsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly faults: FaultsService,
  ) {}

  async submit(
    kind: WmsRequestKind,
    dto: FulfillmentRequestDto | TransferRequestDto,
    correlationId: string,
  ): Promise<{ view: WmsRequestView; created: boolean }> {
    const delay = this.faults.settings('wms').shipmentDelayMs;
    const rows: (RequestRow & { created: boolean })[] = await this.db.query(
      `INSERT INTO wms_request (id, kind, request_id, body, status, ship_due_at, correlation_id)
       VALUES ($1, $2, $3, $4, 'accepted',
               CASE WHEN $5::int IS NULL THEN NULL ELSE now() + $5::int * interval '1 millisecond' END, $6)
       ON CONFLICT (kind, request_id) DO UPDATE SET duplicate_count = wms_request.duplicate_count + 1
       RETURNING id, kind, request_id, status, created_at, body, (xmax = 0) AS created`,
      [randomUUID(), kind, dto.requestId, JSON.stringify(dto), delay, correlationId],
    );
    return { view: toView(rows[0]), created: rows[0].created };
  }

  /**
   * A disposition transfer, keyed by its idempotency key. It is accepted and stays so (no
   * shipment confirmation: the partner collects), so the dispatcher never picks it up.
   */
  async submitDisposition(
    dto: DispositionTransferDto,
    correlationId: string,
  ): Promise<{ view: DispositionTransferView; created: boolean }> {
    const rows: (RequestRow & { created: boolean })[] = await this.db.query(
      `INSERT INTO wms_request (id, kind, request_id, body, status, correlation_id)
       VALUES ($1, 'disposition', $2, $3, 'STARTED', $4)
       ON CONFLICT (kind, request_id) DO UPDATE SET duplicate_count = wms_request.duplicate_count + 1
       RETURNING id, kind, request_id, status, created_at, body, (xmax = 0) AS created`,
      [randomUUID(), dto.idempotencyKey, JSON.stringify(dto), correlationId],
    );
    return { view: dispositionView(rows[0]), created: rows[0].created };
  }

  async find(kind: WmsRequestKind, requestId: string): Promise<WmsRequestView> {
    const rows: RequestRow[] = await this.db.query(
      `SELECT r.id, r.kind, r.request_id, r.status, r.created_at, r.body, s.payload AS shipment
         FROM wms_request r LEFT JOIN wms_shipment s ON s.wms_request_id = r.id
        WHERE r.kind = $1 AND r.request_id = $2`,
      [kind, requestId],
    );
    if (rows.length === 0) throw unknownRequest(kind, requestId);
    return toView(rows[0]);
  }

  /** Confirms the shipment now; shipping an already shipped request returns its shipment. */
  async ship(kind: WmsRequestKind, requestId: string): Promise<Record<string, unknown>> {
    return this.db.transaction(async (manager) => {
      const rows: RequestRow[] = await manager.query(
        `SELECT id, kind, request_id, status, created_at, body, correlation_id FROM wms_request
          WHERE kind = $1 AND request_id = $2 FOR UPDATE`,
        [kind, requestId],
      );
      if (rows.length === 0) throw unknownRequest(kind, requestId);
      const existing: { payload: Record<string, unknown> }[] = await manager.query(
        `SELECT payload FROM wms_shipment WHERE wms_request_id = $1`,
        [rows[0].id],
      );
      if (existing.length > 0) return existing[0].payload;
      return this.insertShipment(manager, rows[0]);
    });
  }

  private async insertShipment(
    manager: EntityManager,
    row: RequestRow,
  ): Promise<Record<string, unknown>> {
    const body = row.body as unknown as Parameters<typeof shipmentDocuments>[1] & {
      callbackUrl?: string;
      callbackHeaders?: Record<string, string>;
    };
    const eventId = randomUUID();
    const docs = shipmentDocuments(row.kind, body, eventId, new Date().toISOString());
    const callbackUrl = body.callbackUrl ?? null;
    await manager.query(
      `UPDATE wms_request SET status = 'shipped', shipped_at = now() WHERE id = $1`,
      [row.id],
    );
    await manager.query(
      `INSERT INTO wms_shipment (event_id, wms_request_id, payload, callback_url, callback_headers,
                                 callback_body, callback_status, next_callback_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4::text IS NULL THEN NULL ELSE now() END)`,
      [
        eventId,
        row.id,
        JSON.stringify(docs.payload),
        callbackUrl,
        // The callback is caused by the request: it carries the request's correlation id.
        JSON.stringify({
          'x-correlation-id': row.correlation_id ?? eventId,
          ...body.callbackHeaders,
        }),
        JSON.stringify(docs.callbackBody),
        callbackUrl ? 'pending' : null,
      ],
    );
    return docs.payload;
  }

  async feed(cursor: string | undefined, limit: number) {
    const after = cursor && /^\d+$/.test(cursor) ? cursor : '0';
    const rows: { seq: string; payload: Record<string, unknown> }[] = await this.db.query(
      `SELECT seq::text AS seq, payload FROM wms_shipment WHERE wms_shipment.seq > $1::bigint ORDER BY wms_shipment.seq LIMIT $2`,
      [after, limit],
    );
    const last = rows[rows.length - 1];
    return { shipments: rows.map((row) => row.payload), cursor: last ? last.seq : after };
  }
}

function toView(row: RequestRow): WmsRequestView {
  return {
    id: row.id,
    requestId: row.request_id,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    ...(row.shipment ? { shipment: row.shipment } : {}),
  };
}

/** The transfer order as Square answers it: its id, status and what was asked. */
export interface DispositionTransferView {
  transferOrder: Record<string, unknown> & { id: string; status: string; createdAt: string };
}

function dispositionView(row: RequestRow): DispositionTransferView {
  const body = row.body as unknown as DispositionTransferDto;
  return {
    transferOrder: {
      ...body.transferOrder,
      id: row.id,
      status: row.status,
      createdAt: row.created_at.toISOString(),
    },
  };
}

function unknownRequest(kind: WmsRequestKind, requestId: string): SimulatorHttpError {
  return new SimulatorHttpError(404, 'not_found', `no ${kind} request "${requestId}"`);
}
