import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { chargeDecision, refundDecision, requestHash } from './refund-rules';
import { AuthorizationRequestDto, ChargeRequestDto, RefundRequestDto } from './refund.dto';

export interface RefundOutcome {
  response: Record<string, unknown>;
  created: boolean;
}

type MoneyTable = 'refund' | 'charge' | 'payment_authorization';

/**
 * Refunds and charges keyed by Idempotency-Key: a key moves money at most once, whatever the
 * concurrency.
 */
@Injectable()
export class PaymentsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async refund(key: string, body: RefundRequestDto, correlationId: string): Promise<RefundOutcome> {
    const decision = refundDecision(body.paymentReference);
    const response = {
      id: `re_${randomUUID().replace(/-/g, '')}`,
      object: 'refund',
      ...decision,
      amount: body.amount,
      currency: body.currency,
      paymentReference: body.paymentReference,
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.metadata ? { metadata: body.metadata } : {}),
      createdAt: new Date().toISOString(),
    };
    return this.record('refund', key, body, response, correlationId);
  }

  /** A charge on the payment method of `paymentReference` (DECLINE-* references are declined). */
  async charge(key: string, body: ChargeRequestDto, correlationId: string): Promise<RefundOutcome> {
    const response = {
      id: `ch_${randomUUID().replace(/-/g, '')}`,
      object: 'charge',
      ...chargeDecision(body.paymentReference),
      amount: body.amount,
      currency: body.currency,
      paymentReference: body.paymentReference,
      ...(body.description ? { description: body.description } : {}),
      ...(body.metadata ? { metadata: body.metadata } : {}),
      createdAt: new Date().toISOString(),
    };
    return this.record('charge', key, body, response, correlationId);
  }

  /**
   * A hold on the payment method of `paymentReference`, as a Stripe PaymentIntent created with
   * `capture_method=manual` and confirmed: `requires_capture` until captured or cancelled
   * (DECLINE-* references are declined: status failed, failureReason card_declined).
   */
  async authorize(
    key: string,
    body: AuthorizationRequestDto,
    correlationId: string,
  ): Promise<RefundOutcome> {
    const decision = chargeDecision(body.paymentReference);
    const response = {
      id: `pi_${randomUUID().replace(/-/g, '')}`,
      object: 'payment_intent',
      captureMethod: 'manual',
      status: decision.status === 'failed' ? 'failed' : 'requires_capture',
      ...(decision.failureReason ? { failureReason: decision.failureReason } : {}),
      amount: body.amount,
      amountCapturable: decision.status === 'failed' ? 0 : body.amount,
      amountReceived: 0,
      currency: body.currency,
      paymentReference: body.paymentReference,
      ...(body.description ? { description: body.description } : {}),
      ...(body.metadata ? { metadata: body.metadata } : {}),
      createdAt: new Date().toISOString(),
    };
    return this.record('payment_authorization', key, body, response, correlationId);
  }

  private async record(
    table: MoneyTable,
    key: string,
    body: RefundRequestDto | ChargeRequestDto | AuthorizationRequestDto,
    response: { status: string; failureReason?: string },
    correlationId: string,
  ): Promise<RefundOutcome> {
    const rows = await this.insertOrReplay(table, key, body, response, correlationId);
    if (rows.length === 0) {
      throw new SimulatorHttpError(
        422,
        'idempotency_key_reused',
        `Idempotency-Key "${key}" was already used with a different request body`,
      );
    }
    return rows[0];
  }

  /** The conditional DO UPDATE returns no row when the key was used for a different body. */
  private insertOrReplay(
    table: MoneyTable,
    key: string,
    body: RefundRequestDto | ChargeRequestDto | AuthorizationRequestDto,
    response: { status: string; failureReason?: string },
    correlationId: string,
  ): Promise<RefundOutcome[]> {
    return this.db.query(
      `INSERT INTO ${table} (id, idempotency_key, request_hash, payment_reference, amount, currency,
                           status, failure_reason, response, correlation_id)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (idempotency_key) DO UPDATE SET duplicate_count = ${table}.duplicate_count + 1
         WHERE ${table}.request_hash = EXCLUDED.request_hash
       RETURNING response, (xmax = 0) AS created`,
      [
        key,
        requestHash(body),
        body.paymentReference,
        body.amount,
        body.currency,
        response.status,
        response.failureReason ?? null,
        JSON.stringify(response),
        correlationId,
      ],
    );
  }

  async find(id: string, table: MoneyTable = 'refund'): Promise<Record<string, unknown>> {
    const rows: { response: Record<string, unknown> }[] = await this.db.query(
      `SELECT response FROM ${table} WHERE response->>'id' = $1`,
      [id],
    );
    if (rows.length === 0) throw new SimulatorHttpError(404, 'not_found', `no ${table} "${id}"`);
    return rows[0].response;
  }

  /**
   * Refunds created in [gte, lt) (unix seconds, either optional), newest first, as Stripe's
   * `GET /v1/refunds` pages them: `limit` (1-100) and `starting_after` (the last id of a page).
   */
  async list(q: RefundListQuery): Promise<{ object: 'list'; data: unknown[]; has_more: boolean }> {
    const limit = q.limit ?? 10;
    const rows: { response: Record<string, unknown> }[] = await this.db.query(
      `SELECT r.response FROM refund r
        WHERE ($1::bigint IS NULL OR r.created_at >= to_timestamp($1))
          AND ($2::bigint IS NULL OR r.created_at < to_timestamp($2))
          AND ($3::text IS NULL OR (r.created_at, r.id) < (
                SELECT a.created_at, a.id FROM refund a WHERE a.response->>'id' = $3))
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $4`,
      [q.gte ?? null, q.lt ?? null, q.startingAfter ?? null, limit + 1],
    );
    return {
      object: 'list',
      data: rows.slice(0, limit).map((r) => r.response),
      has_more: rows.length > limit,
    };
  }
}

export interface RefundListQuery {
  gte?: number;
  lt?: number;
  limit?: number;
  startingAfter?: string;
}
