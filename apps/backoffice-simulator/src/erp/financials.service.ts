import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { NsBillingDto, NsCustomerDto, NsItemFulfillmentDto } from './dto/netsuite.dto';
import { RecordRef } from './external-ref';
import { notFound, WriteOutcome } from './sales-orders.service';

/** The records a sales order is transformed into, and their tables (constants). */
export const TRANSFORM_TARGETS = {
  itemFulfillment: 'item_fulfillment',
  invoice: 'invoice',
  cashSale: 'cash_sale',
} as const;
export type TransformTarget = keyof typeof TRANSFORM_TARGETS;

const EMAIL_QUERY = /^email\s+IS\s+"([^"]*)"$/i;

/** Customers, and the transactions transformed from sales orders (fulfillments and bills). */
@Injectable()
export class FinancialsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** NetSuite upsert by eid: the first call creates; a repeat counts `repeated`. */
  async upsertCustomer(
    externalId: string,
    body: NsCustomerDto,
    correlationId: string,
  ): Promise<WriteOutcome> {
    const rows: WriteOutcome[] = await this.db.query(
      `INSERT INTO customer (external_id, email, body, correlation_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (external_id) DO UPDATE
         SET repeat_count = customer.repeat_count + 1, updated_at = now()
       RETURNING id::text AS id, (xmax = 0) AS created`,
      [externalId, body.email ?? null, JSON.stringify({ ...body, externalId }), correlationId],
    );
    return rows[0];
  }

  async findCustomer(ref: RecordRef, baseUrl: string): Promise<Record<string, unknown>> {
    const [column, value] =
      'externalId' in ref ? ['external_id', ref.externalId] : ['id', ref.internalId];
    const rows: { id: string; body: Record<string, unknown> }[] = await this.db.query(
      `SELECT id::text AS id, body FROM customer WHERE ${column} = $1`,
      [value],
    );
    if (rows.length === 0) throw notFound('customer', 'externalId' in ref ? `eid:${value}` : value);
    return { links: [self(baseUrl, 'customer', rows[0].id)], ...rows[0].body, id: rows[0].id };
  }

  /** `GET customer?q=email IS "<email>"`: the only query the simulator understands. */
  async queryCustomers(q: string | undefined, limit: number, baseUrl: string) {
    const match = q === undefined ? undefined : EMAIL_QUERY.exec(q.trim());
    if (q !== undefined && !match)
      throw new SimulatorHttpError(400, 'INVALID_PARAMETER', `unsupported query "${q}"`);
    const rows: { id: string }[] = await this.db.query(
      `SELECT id::text AS id FROM customer
        WHERE $1::text IS NULL OR lower(email) = lower($1) ORDER BY id LIMIT $2`,
      [match?.[1] ?? null, limit],
    );
    return {
      links: [],
      count: rows.length,
      hasMore: false,
      offset: 0,
      totalResults: rows.length,
      items: rows.map((r) => ({ links: [self(baseUrl, 'customer', r.id)], id: r.id })),
    };
  }

  /**
   * `POST salesOrder/eid:<so>/!transform/<target>`: the new record names the sales order and its
   * customer. Its external id is unique per record type; a repeat finds the first record.
   */
  async transform(
    salesOrderExternalId: string,
    target: TransformTarget,
    body: NsItemFulfillmentDto | NsBillingDto,
    correlationId: string,
  ): Promise<WriteOutcome> {
    const [order]: { entity_id: string }[] = await this.db.query(
      `SELECT entity_id FROM sales_order WHERE external_id = $1`,
      [salesOrderExternalId],
    );
    if (!order) throw notFound('salesOrder', `eid:${salesOrderExternalId}`);
    const table = TRANSFORM_TARGETS[target];
    const rows: WriteOutcome[] = await this.db.query(
      `INSERT INTO ${table} (external_id, created_from, entity_id, line_count, body, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (external_id) DO UPDATE
         SET repeat_count = ${table}.repeat_count + 1, updated_at = now()
       RETURNING id::text AS id, (xmax = 0) AS created`,
      [
        body.externalId,
        salesOrderExternalId,
        order.entity_id,
        body.item.items.length,
        JSON.stringify({ ...body, createdFrom: { externalId: salesOrderExternalId } }),
        correlationId,
      ],
    );
    return rows[0];
  }

  async findTransformed(target: TransformTarget, ref: RecordRef, baseUrl: string) {
    const table = TRANSFORM_TARGETS[target];
    const [column, value] =
      'externalId' in ref ? ['external_id', ref.externalId] : ['id', ref.internalId];
    const rows: { id: string; entity_id: string; body: Record<string, unknown> }[] =
      await this.db.query(
        `SELECT id::text AS id, entity_id, body FROM ${table} WHERE ${column} = $1`,
        [value],
      );
    if (rows.length === 0) throw notFound(target, 'externalId' in ref ? `eid:${value}` : value);
    const row = rows[0];
    return {
      links: [self(baseUrl, target, row.id)],
      ...row.body,
      id: row.id,
      entity: { id: row.entity_id },
    };
  }
}

function self(baseUrl: string, recordType: string, id: string) {
  return { rel: 'self', href: `${baseUrl}/services/rest/record/v1/${recordType}/${id}` };
}
