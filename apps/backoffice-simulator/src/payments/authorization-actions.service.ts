import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { requestHash } from './refund-rules';
import type { RefundOutcome } from './payments.service';

export type AuthorizationAction = 'capture' | 'cancel';

type Intent = Record<string, unknown> & { status: string; amount: number };

/**
 * Captures and cancellations of held authorizations, as Stripe's
 * `POST /v1/payment_intents/{id}/capture` (`amount_to_capture`, at most what is held; the rest
 * is released) and `/cancel`: only from `requires_capture`, else 400
 * `payment_intent_unexpected_state`. Each under its Idempotency-Key: the same key and body
 * replays the first answer, whatever happened to the authorization since.
 */
@Injectable()
export class AuthorizationActionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  act(
    key: string,
    authorizationId: string,
    action: AuthorizationAction,
    amountToCapture?: number,
  ): Promise<RefundOutcome> {
    const hash = requestHash({ authorizationId, action, amountToCapture });
    return this.db.transaction(async (m) => {
      // The authorization's row lock orders every action on it, replays included.
      const intent = await this.lockIntent(m, authorizationId);
      const replay = await this.replay(m, key, hash);
      if (replay) return replay;
      const next = this.apply(intent, action, amountToCapture);
      await m.query(
        `UPDATE payment_authorization SET status = $2, response = $3 WHERE response->>'id' = $1`,
        [authorizationId, next.status, JSON.stringify(next)],
      );
      await m.query(
        `INSERT INTO payment_authorization_action
           (idempotency_key, request_hash, authorization_id, action, response)
         VALUES ($1, $2, $3, $4, $5)`,
        [key, hash, authorizationId, action, JSON.stringify(next)],
      );
      return { response: next, created: true };
    });
  }

  private async lockIntent(m: EntityManager, id: string): Promise<Intent> {
    const rows: { response: Intent }[] = await m.query(
      `SELECT response FROM payment_authorization WHERE response->>'id' = $1 FOR UPDATE`,
      [id],
    );
    if (rows.length === 0)
      throw new SimulatorHttpError(404, 'resource_missing', `no payment_intent "${id}"`);
    return rows[0].response;
  }

  private async replay(m: EntityManager, key: string, hash: string) {
    const rows: { request_hash: string; response: Intent }[] = await m.query(
      `SELECT request_hash, response FROM payment_authorization_action WHERE idempotency_key = $1`,
      [key],
    );
    if (rows.length === 0) return undefined;
    if (rows[0].request_hash !== hash)
      throw new SimulatorHttpError(
        422,
        'idempotency_key_reused',
        `Idempotency-Key "${key}" was already used with a different request`,
      );
    await m.query(
      `UPDATE payment_authorization_action SET duplicate_count = duplicate_count + 1
        WHERE idempotency_key = $1`,
      [key],
    );
    return { response: rows[0].response, created: false };
  }

  private apply(intent: Intent, action: AuthorizationAction, amountToCapture?: number): Intent {
    if (intent.status !== 'requires_capture')
      throw new SimulatorHttpError(
        400,
        'payment_intent_unexpected_state',
        `payment_intent ${String(intent.id)} is ${intent.status}; ${action} needs requires_capture`,
      );
    const at = new Date().toISOString();
    if (action === 'cancel')
      return { ...intent, status: 'canceled', amountCapturable: 0, canceledAt: at };
    const amount = amountToCapture ?? intent.amount;
    if (amount > intent.amount)
      throw new SimulatorHttpError(
        400,
        'amount_too_large',
        `amountToCapture ${amount} exceeds the ${intent.amount} held`,
      );
    return {
      ...intent,
      status: 'succeeded',
      amountCapturable: 0,
      amountReceived: amount,
      capturedAt: at,
    };
  }
}
