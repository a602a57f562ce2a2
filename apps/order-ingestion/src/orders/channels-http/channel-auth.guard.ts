import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SERVICE_CONFIG } from '@retail/platform-config';
import {
  API_KEYS,
  ApiKeyTable,
  assertCanActFor,
  Principal,
  ProblemException,
} from '@retail/platform-http';
import type { FastifyRequest } from 'fastify';
import { CHANNEL_ADAPTERS } from '../../channels';
import type { ChannelName } from '../../channels/channel-types';
import type { OrderIngestionConfig } from '../../config/env';
import { channelRequest } from './channel-request';
import { channelSecrets } from './channel-secrets';

const CHANNEL = 'retail:channel';
/** The channel a channel-native route ingests for. */
export const ForChannel = (channel: ChannelName) => SetMetadata(CHANNEL, channel);

type Request = FastifyRequest & { principal?: Principal };

/**
 * Authenticates channel-native deliveries. Runs before the idempotency interceptor, so an
 * unsigned request never gets a replayed answer. Routes marked @Public (Shopify, Square) are
 * authenticated by their HMAC; an x-api-key sent with them must still be valid and of that
 * channel. Other channel routes have passed the API-key guard already; their key must be the
 * channel's (or admin), and the adapter's own check runs too. See ADR 0007.
 *
 * A service key (principal `{ kind: 'service' }`, e.g. channel-sync) is trusted to forward the
 * native order it fetched from the channel's API: no channel signature is asked of it, on any
 * channel route (ADR 0018). Channel and admin keys still need the signature where there is one.
 */
@Injectable()
export class ChannelAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) private readonly keys: ApiKeyTable,
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const channel = this.reflector.get<ChannelName>(CHANNEL, context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.principal ?? this.keyPrincipal(request);
    if (key?.kind === 'service') {
      request.principal = key;
      return true;
    }
    CHANNEL_ADAPTERS[channel].verify(channelRequest(request), channelSecrets(this.config));
    request.principal = key ?? { kind: 'channel', channel };
    assertCanActFor(request.principal, channel);
    return true;
  }

  /** The principal of an x-api-key sent to a signature-authenticated route (401 if unknown). */
  private keyPrincipal(request: Request): Principal | undefined {
    const key = request.headers['x-api-key'];
    if (key === undefined) return undefined;
    const principal = typeof key === 'string' ? this.keys.get(key) : undefined;
    if (!principal) throw new ProblemException(401, 'unauthorized', 'The x-api-key is not valid');
    return principal;
  }
}
