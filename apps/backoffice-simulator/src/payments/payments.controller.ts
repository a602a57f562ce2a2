import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CorrelationId } from '../common/request-context';
import { SimulatorHttpError } from '../common/simulator-http.error';
import { Simulates } from '../faults/simulated-system.decorator';
import { PaymentsService, type RefundOutcome } from './payments.service';
import { AuthorizationActionsService } from './authorization-actions.service';
import {
  AuthorizationRequestDto,
  CancelRequestDto,
  CaptureRequestDto,
  ChargeRequestDto,
  RefundRequestDto,
} from './refund.dto';

@ApiTags('payments')
@Simulates('payments')
@Controller('payments/v1')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly actions: AuthorizationActionsService,
  ) {}

  @Post('refunds')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: 'Refund a payment; same key + body replays with idempotent-replayed: true',
  })
  async refund(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RefundRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return answer(await this.payments.refund(requireKey(key), body, correlationId), reply);
  }

  @Post('charges')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: 'Charge the payment method of a captured payment again (off-session, as Stripe)',
    description:
      'Same key + body replays with idempotent-replayed: true; a DECLINE-* payment reference ' +
      'answers status failed, failureReason card_declined.',
  })
  async charge(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: ChargeRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return answer(await this.payments.charge(requireKey(key), body, correlationId), reply);
  }

  @Post('authorizations')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: 'Hold an amount on the payment method of a captured payment (manual capture)',
    description:
      'As a Stripe PaymentIntent created with capture_method=manual and confirmed: answers ' +
      'status requires_capture (pi_ id); same key + body replays with idempotent-replayed: ' +
      'true; a DECLINE-* payment reference answers status failed, failureReason card_declined.',
  })
  async authorize(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: AuthorizationRequestDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return answer(await this.payments.authorize(requireKey(key), body, correlationId), reply);
  }

  @Get('authorizations/:id')
  findAuthorization(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.payments.find(id, 'payment_authorization');
  }

  @Post('authorizations/:id/capture')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: 'Capture a held authorization (amountToCapture, default all; the rest is released)',
    description:
      "As Stripe's /v1/payment_intents/{id}/capture: only from requires_capture, else 400 " +
      'payment_intent_unexpected_state; same key + body replays with idempotent-replayed: true.',
  })
  async capture(
    @Headers('idempotency-key') key: string | undefined,
    @Param('id') id: string,
    @Body() body: CaptureRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return answer(
      await this.actions.act(requireKey(key), id, 'capture', body.amountToCapture),
      reply,
    );
  }

  @Post('authorizations/:id/cancel')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({
    summary: 'Void (release) a held authorization',
    description:
      "As Stripe's /v1/payment_intents/{id}/cancel: only from requires_capture, else 400 " +
      'payment_intent_unexpected_state; same key replays with idempotent-replayed: true.',
  })
  async cancel(
    @Headers('idempotency-key') key: string | undefined,
    @Param('id') id: string,
    @Body() _body: CancelRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return answer(await this.actions.act(requireKey(key), id, 'cancel'), reply);
  }

  @Get('charges/:id')
  findCharge(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.payments.find(id, 'charge');
  }

  @Get('refunds')
  @ApiOperation({
    summary: 'Refunds newest first, as Stripe lists them',
    description:
      'Query: created[gte], created[lt] (unix seconds), limit (1-100, default 10), ' +
      'starting_after (the last refund id of the previous page). Answers { object: "list", ' +
      'data, has_more }.',
  })
  list(@Query() query: Record<string, string | undefined>) {
    const seconds = (name: string) => wholeNumber(query[name], name, 0, 99_999_999_999);
    const after = query.starting_after;
    if (after !== undefined && !/^re_[0-9a-f]{32}$/.test(after))
      throw new SimulatorHttpError(400, 'parameter_invalid', 'starting_after must be a refund id');
    return this.payments.list({
      gte: seconds('created[gte]'),
      lt: seconds('created[lt]'),
      limit: wholeNumber(query.limit, 'limit', 1, 100),
      startingAfter: after,
    });
  }

  @Get('refunds/:id')
  find(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.payments.find(id);
  }
}

/** A replayed key answers the first response again, flagged as Stripe flags it. */
function answer(outcome: RefundOutcome, reply: FastifyReply): Record<string, unknown> {
  if (!outcome.created) void reply.header('idempotent-replayed', 'true');
  return outcome.response;
}

function requireKey(key: string | undefined): string {
  if (!key || key.length > 255)
    throw new SimulatorHttpError(
      400,
      'idempotency_key_required',
      'Idempotency-Key header (1-255 chars) is required',
    );
  return key;
}

/** An optional whole number query parameter within [min, max], else 400 as Stripe answers. */
function wholeNumber(value: string | undefined, name: string, min: number, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new SimulatorHttpError(
      400,
      'parameter_invalid',
      `${name} must be a whole number in [${min}, ${max}]`,
    );
  return n;
}
