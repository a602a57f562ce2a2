import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { isRecord } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { SimulatorConfig } from '../../config/env';
import { SIMULATOR_CONFIG } from '../../config/tokens';
import { header } from '../../gate/authenticate';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { TokenStore } from '../../store/token.store';

const TOKEN_TTL_SECONDS = 3600;

/** Login with Amazon (LWA) token exchange and the Tokens API (Restricted Data Tokens). */
@ApiTags('amazon')
@Controller()
export class AmazonAuthController {
  constructor(
    private readonly tokens: TokenStore,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  /** LWA: grant_type=refresh_token with the app's client id and secret -> access token. */
  @Post('auth/o2/token')
  @HttpCode(200)
  @ChannelOperation('amazon', 'lwa.token', { authenticated: false })
  token(@Body() body: unknown) {
    const b = isRecord(body) ? body : {};
    const creds = this.config.credentials.amazon;
    if (b.grant_type !== 'refresh_token') {
      throw new ChannelHttpError(400, {
        error: 'unsupported_grant_type',
        error_description:
          'The authorization grant type is not supported by the authorization server',
      });
    }
    if (b.client_id !== creds.clientId || b.client_secret !== creds.clientSecret) {
      throw new ChannelHttpError(401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
    }
    if (b.refresh_token !== creds.refreshToken) {
      throw new ChannelHttpError(400, {
        error: 'invalid_grant',
        error_description: 'The request has an invalid grant parameter : refresh_token',
      });
    }
    const accessToken = this.tokens.issue(
      'Atza|',
      { channel: 'amazon', kind: 'access' },
      TOKEN_TTL_SECONDS,
    );
    return {
      access_token: accessToken,
      refresh_token: creds.refreshToken,
      token_type: 'bearer',
      expires_in: TOKEN_TTL_SECONDS,
    };
  }

  /** createRestrictedDataToken: needs an LWA access token (an RDT cannot mint another). */
  @Post('tokens/2021-03-01/restrictedDataToken')
  @HttpCode(200)
  @ChannelOperation('amazon', 'createRestrictedDataToken')
  restrictedDataToken(@Body() body: unknown, @Req() request: FastifyRequest) {
    const caller = this.tokens.valid(header(request, 'x-amz-access-token'), 'amazon');
    if (caller?.kind !== 'access')
      throw vendorError(
        'amazon',
        'unauthorized',
        'Access to requested resource is denied.',
        request.url,
      );
    const resources =
      isRecord(body) && Array.isArray(body.restrictedResources) ? body.restrictedResources : [];
    const valid = resources.every(
      (r) => isRecord(r) && typeof r.method === 'string' && typeof r.path === 'string',
    );
    if (resources.length === 0 || !valid) {
      throw vendorError(
        'amazon',
        'bad_request',
        'restrictedResources must list { method, path, dataElements? }',
        request.url,
      );
    }
    const restrictedDataToken = this.tokens.issue(
      'Atz.sprdt|',
      {
        channel: 'amazon',
        kind: 'rdt',
        resources: resources as { method: string; path: string; dataElements?: string[] }[],
      },
      TOKEN_TTL_SECONDS,
    );
    return { restrictedDataToken, expiresIn: TOKEN_TTL_SECONDS };
  }
}
