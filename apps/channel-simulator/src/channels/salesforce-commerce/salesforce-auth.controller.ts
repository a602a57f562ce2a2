import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { isRecord } from '../../common/request';
import { SimulatorConfig } from '../../config/env';
import { SIMULATOR_CONFIG } from '../../config/tokens';
import { header } from '../../gate/authenticate';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { TokenStore } from '../../store/token.store';

const TTL_SECONDS = 1799;

/**
 * Account Manager client credentials grant (`/dwsso/oauth2/access_token`, the documented path;
 * `/dw/oauth2/access_token` answers the same): HTTP Basic client id:secret, form body
 * grant_type=client_credentials -> bearer token for OCAPI Shop and Data APIs.
 */
@ApiTags('salesforce-commerce')
@Controller()
export class SalesforceAuthController {
  constructor(
    private readonly tokens: TokenStore,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  @Post(['dwsso/oauth2/access_token', 'dw/oauth2/access_token'])
  @HttpCode(200)
  @ChannelOperation('salesforce-commerce', 'oauth2.access_token', { authenticated: false })
  token(@Body() body: unknown, @Req() request: FastifyRequest) {
    const b = isRecord(body) ? body : {};
    const creds = this.config.credentials['salesforce-commerce'];
    const basic = /^Basic\s+(.+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':')
      : [b.client_id, b.client_secret];
    if (b.grant_type !== 'client_credentials') {
      throw new ChannelHttpError(400, {
        error: 'unsupported_grant_type',
        error_description: 'grant_type must be client_credentials',
      });
    }
    if (id !== creds.clientId || secret !== creds.clientSecret) {
      throw new ChannelHttpError(401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
    }
    const accessToken = this.tokens.issue(
      '',
      { channel: 'salesforce-commerce', kind: 'access' },
      TTL_SECONDS,
    );
    return {
      access_token: accessToken,
      scope: 'mail',
      token_type: 'Bearer',
      expires_in: TTL_SECONDS,
    };
  }
}
