import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ORDER_STATUSES, PAYMENT_STATUSES } from '@retail/contracts';
import { OpenApi, Scopes } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import { conflict } from './conflict-response';
import { FraudReviewDecision, PaymentStatusUpdate } from './payment-status.bodies';
import { PaymentStatusHandler } from './payment-status.handler';

const { object, oneOf, string } = OpenApi;
const correlationId = () => RequestContext.correlationId() ?? 'unknown';

const PAYMENT_OUTCOMES = ['release', 'hold', 'record', 'stale', 'unchanged', 'closed'] as const;
const FRAUD_OUTCOMES = ['release', 'hold', 'record', 'cancel', 'unchanged', 'closed'] as const;

/**
 * Payment status and fraud decisions as inputs (ADR 0037): channel-sync forwards the payment
 * status changes it sees in a channel, the payment adapter the provider's, a fraud review its
 * verdict. Services and administrators only; the rule is idempotent, so a repeat is harmless.
 */
@ApiTags('orders')
@Controller('orders')
@Scopes('admin', 'service')
export class PaymentStatusHttpController {
  constructor(private readonly payments: PaymentStatusHandler) {}

  @Post(':orderId/payment-status')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'What the update did: released or kept the hold, recorded, or ignored (stale)',
    schema: object({
      orderId: string(),
      status: oneOf(ORDER_STATUSES),
      paymentStatus: oneOf(PAYMENT_STATUSES),
      outcome: oneOf(PAYMENT_OUTCOMES),
      correlationId: string(),
    }),
  })
  payment(@Param('orderId') orderId: string, @Body() body: PaymentStatusUpdate) {
    const input = {
      status: body.status,
      occurredAt: new Date(body.occurredAt),
      source: body.source,
      ...(body.reference ? { reference: body.reference } : {}),
    };
    return this.payments.payment(orderId, input, correlationId());
  }

  @Post(':orderId/fraud-decision')
  @HttpCode(200)
  @conflict('order-already-shipped: a reject cannot cancel an order that shipped')
  @ApiOkResponse({
    description: 'What the verdict did: released or kept the hold, cancelled, or nothing',
    schema: object({
      orderId: string(),
      status: oneOf(ORDER_STATUSES),
      outcome: oneOf(FRAUD_OUTCOMES),
      correlationId: string(),
    }),
  })
  fraud(@Param('orderId') orderId: string, @Body() body: FraudReviewDecision) {
    return this.payments.fraud(orderId, body.decision, body.reason, correlationId());
  }
}
