import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ProblemException, Public } from '@retail/platform-http';
import type { FastifyRequest } from 'fastify';
import { ChannelClients } from '../../channels/channel-clients';
import { WEBHOOK_SCHEMA } from '../../common/response-schemas';
import { NotifyHandler } from './notify.handler';
import { verifyBigCommerce, verifySquare } from './webhook-auth';

type Json = Record<string, any>;
const SQUARE_TYPES = new Set(['order.created', 'order.updated']);
const BIGCOMMERCE_SCOPES = /^store\/order\/(created|updated|statusUpdated)$/;

/** The channel's webhook notification, as its published API defines it. */
function notification(channel: string) {
  return {
    description: `${channel} webhook notification (only the order id is read)`,
    schema: { type: 'object' as const, additionalProperties: true },
  };
}

/**
 * Thin channel webhooks (ADR: fetch-on-notify). @Public: each is authenticated by the channel's
 * own mechanism. An event of another kind is acknowledged and ignored.
 */
@ApiTags('webhooks')
@Controller('channels')
@Public()
@SkipThrottle()
export class WebhooksHttpController {
  constructor(
    private readonly clients: ChannelClients,
    private readonly notify: NotifyHandler,
  ) {}

  @Post('square/webhooks')
  @HttpCode(200)
  @ApiSecurity('square-signature')
  @ApiBody(notification('Square'))
  @ApiOperation({ summary: 'Square order.created / order.updated (x-square-hmacsha256-signature)' })
  @ApiOkResponse({ schema: WEBHOOK_SCHEMA })
  square(@Req() req: FastifyRequest) {
    const s = this.clients.get('square').account.settings;
    verifySquare(
      s.WEBHOOK_SIGNATURE_KEY,
      s.WEBHOOK_NOTIFICATION_URL,
      rawOf(req),
      req.headers['x-square-hmacsha256-signature'],
    );
    const body = objectOf(req.body);
    if (!SQUARE_TYPES.has(body.type)) return { ignored: body.type ?? null };
    const object = body.data?.object ?? {};
    const id = object.order_created?.order_id ?? object.order_updated?.order_id ?? body.data?.id;
    return this.notify.execute('square', requireId(id, 'data.id'));
  }

  @Post('bigcommerce/webhooks')
  @HttpCode(200)
  @ApiSecurity('bigcommerce-token')
  @ApiBody(notification('BigCommerce'))
  @ApiOperation({ summary: 'BigCommerce store/order/* (custom auth header set at registration)' })
  @ApiOkResponse({ schema: WEBHOOK_SCHEMA })
  bigcommerce(@Req() req: FastifyRequest) {
    const s = this.clients.get('bigcommerce').account.settings;
    verifyBigCommerce(s.WEBHOOK_TOKEN, req.headers[s.WEBHOOK_HEADER.toLowerCase()]);
    const body = objectOf(req.body);
    if (!BIGCOMMERCE_SCOPES.test(String(body.scope))) return { ignored: body.scope ?? null };
    return this.notify.execute('bigcommerce', requireId(body.data?.id, 'data.id'));
  }
}

function rawOf(req: FastifyRequest): Buffer {
  return (req as FastifyRequest & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
}

function objectOf(body: unknown): Json {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Json;
  throw new ProblemException(422, 'validation-failed', 'The webhook body must be a JSON object');
}

function requireId(id: unknown, field: string): string {
  if ((typeof id === 'string' && id !== '') || typeof id === 'number') return String(id);
  throw new ProblemException(422, 'validation-failed', 'The webhook names no order', [
    { field, message: 'must be the order id' },
  ]);
}
