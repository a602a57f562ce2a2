import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  IsId,
  RESERVATION_STATUSES,
  ReservationBatchEntry,
  ReservationBatchRequest,
  ReservationBatchResult,
  ReservationRequest,
  ReservationResult,
  validateContract,
} from '@retail/contracts';
import {
  assertCanActFor,
  CurrentPrincipal,
  Idempotent,
  IdempotencyStore,
  idempotencyKeyReused,
  IdempotentInHandler,
  OpenApi,
  Principal,
  principalId,
  readIdempotencyKey,
  requestFingerprint,
  Scopes,
} from '@retail/platform-http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { InventoryException } from '../common/inventory.exception';
import { ChannelOrderCheck } from './order-check/channel-order-check';
import { ReservationStore, type ReservationState } from './persistence/reservation.store';
import { ReleaseReservationHandler, ReleaseResult } from './release/release-reservation.handler';
import { ReserveBatchHandler } from './reserve-stock/reserve-batch.handler';
import { ReserveStockHandler } from './reserve-stock/reserve-stock.handler';

/** Optional body of `POST /v1/reservations/{id}/release`. */
export class ReleaseRequest {
  @IsOptional()
  @IsId(64)
  reasonCode?: string;
}

/** The body is optional (callers often send none), so it is validated here, not by the pipe. */
function parseRelease(body: unknown): ReleaseRequest {
  if (body === undefined || body === null || body === '') return {};
  const { value, errors } = validateContract(ReleaseRequest, body);
  if (errors.length > 0) throw InventoryException.invalid(errors);
  return value;
}

const { array, dateTime, integer, object, oneOf, ref, string } = OpenApi;

const RESERVATION_STATES: ReservationState[] = ['active', 'released', 'consumed', 'expired'];

/** Schema of `GET /v1/reservations/{id}`. */
const RESERVATION_VIEW = object({
  reservationId: string({ format: 'uuid' }),
  orderId: string(),
  lineId: string(),
  sku: string(),
  channel: string(),
  requested: integer({ minimum: 1 }),
  status: oneOf(RESERVATION_STATUSES),
  state: oneOf(RESERVATION_STATES),
  expiresAt: dateTime(),
  allocations: array(
    object({
      locationId: string(),
      quantity: integer({ minimum: 1 }),
      open: integer({ minimum: 0, description: 'Units still held (not released or consumed)' }),
    }),
  ),
});

/** Schema of {@link ReleaseResult}. */
const RELEASE_RESULT = object({
  reservationId: string({ format: 'uuid' }),
  state: oneOf(RESERVATION_STATES),
  released: array(object({ locationId: string(), quantity: integer({ minimum: 1 }) }), {
    description: 'What this call released; empty when nothing was still held',
  }),
});

@ApiTags('reservations')
@Controller('reservations')
export class ReservationsController {
  constructor(
    private readonly reserve: ReserveStockHandler,
    private readonly release: ReleaseReservationHandler,
    private readonly store: ReservationStore,
    private readonly db: DataSource,
    private readonly orders: ChannelOrderCheck,
    private readonly keys: IdempotencyStore,
  ) {}

  /**
   * The Idempotency-Key is honoured by the handler inside the SKU's group transaction (ADR
   * 0048), not by the interceptor's two commits of its own: same table, fingerprint and answers.
   */
  @Post()
  @Scopes('admin', 'channel', 'service')
  @IdempotentInHandler(201, ReservationResult)
  @ApiOperation({
    summary:
      'Reserve units of an order line (idempotent per orderId + lineId); a channel key only for an existing order of its channel',
  })
  async create(
    @Body() body: ReservationRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationResult> {
    const key = readIdempotencyKey(request);
    assertCanActFor(principal, body.channel);
    const claim =
      key === undefined
        ? undefined
        : {
            principal: principalId(principal),
            key,
            fingerprint: requestFingerprint(request),
            status: 201,
          };
    try {
      await this.orders.forRequest(principal)(body.orderId);
    } catch (refusal) {
      // A replay answers as the first request did, even while the order check cannot (its
      // owner down: 503) or would now refuse; only a key never answered gets the refusal.
      const prior = claim && (await this.keys.answered(claim));
      if (prior?.kind === 'mismatch') throw idempotencyKeyReused();
      if (prior?.kind !== 'replay') throw refusal;
      void reply.header('idempotent-replayed', 'true');
      return prior.body as ReservationResult;
    }
    const { result, replayed } = await this.reserve.answer(body, claim);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return result;
  }

  @Post(':id/release')
  @Scopes('admin', 'channel', 'service')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release what a reservation still holds' })
  @ApiBody({ type: ReleaseRequest, required: false, description: 'May be empty' })
  @ApiOkResponse({ schema: RELEASE_RESULT })
  releaseOne(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReleaseResult> {
    return this.release.execute(id, principal, parseRelease(body).reasonCode);
  }

  @Get(':id')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'A reservation, its state and where its units are held' })
  @ApiOkResponse({ schema: RESERVATION_VIEW })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const r = await this.store.byId(this.db.manager, id);
    if (!r)
      throw new InventoryException('reservation-not-found', 404, `reservation ${id} not found`);
    assertCanActFor(principal, r.channel);
    const allocations = await this.store.allocations(this.db.manager, id);
    return {
      reservationId: r.id,
      orderId: r.orderId,
      lineId: r.lineId,
      sku: r.sku,
      channel: r.channel,
      requested: r.requested,
      status: r.outcome,
      state: r.state,
      expiresAt: new Date(r.expiresAt).toISOString(),
      allocations,
    };
  }
}

/**
 * `POST /v1/reservations:batch` (`::` is Fastify's escape for a literal colon). Answers 200 with
 * one entry per reservation, each as `POST /v1/reservations` would have answered it alone (201
 * and the result, or its problem+json). Idempotent per (orderId, lineId) without a key; an
 * `Idempotency-Key` on the whole call replays the whole answer.
 */
@ApiTags('reservations')
@ApiExtraModels(ReservationBatchEntry, ReservationResult)
@Controller()
export class ReservationBatchController {
  constructor(private readonly batch: ReserveBatchHandler) {}

  @Post('reservations::batch')
  @Scopes('admin', 'channel', 'service')
  @Idempotent(200)
  @ApiOperation({
    summary: 'Reserve many order lines (of any orders and SKUs) in one call, answered per entry',
  })
  @ApiOkResponse({
    description: 'One entry per request entry, in order',
    schema: object({
      results: array({
        allOf: [
          ref(ReservationBatchEntry),
          object({}, { result: ref(ReservationResult), problem: ref('Problem') }),
        ],
      }),
    }),
  })
  async create(
    @Body() body: ReservationBatchRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReservationBatchResult> {
    return { results: await this.batch.execute(body.reservations, principal) };
  }
}
