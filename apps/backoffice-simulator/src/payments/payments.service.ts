import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { refundDecision, requestHash } from './refund-rules';
import { RefundRequestDto } from './refund.dto';

export interface RefundOutcome {
  response: Record<string, unknown>;
  created: boolean;
}

/** Refunds keyed by Idempotency-Key: a key pays out at most once, whatever the concurrency. */
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
      createdAt: new Date().toISOString(),
    };
    const rows = await this.insertOrReplay(key, body, response, correlationId);
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
    key: string,
    body: RefundRequestDto,
    response: { status: string; failureReason?: string },
    correlationId: string,
  ): Promise<RefundOutcome[]> {
    return this.db.query(
      `INSERT INTO refund (id, idempotency_key, request_hash, payment_reference, amount, currency,
                           status, failure_reason, response, correlation_id)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (idempotency_key) DO UPDATE SET duplicate_count = refund.duplicate_count + 1
         WHERE refund.request_hash = EXCLUDED.request_hash
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

  async find(id: string): Promise<Record<string, unknown>> {
    const rows: { response: Record<string, unknown> }[] = await this.db.query(
      `SELECT response FROM refund WHERE response->>'id' = $1`,
      [id],
    );
    if (rows.length === 0) throw new SimulatorHttpError(404, 'not_found', `no refund "${id}"`);
    return rows[0].response;
  }
}
