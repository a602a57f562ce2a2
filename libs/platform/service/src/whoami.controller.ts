import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import {
  CurrentPrincipal,
  Principal,
  principalId,
  SCOPE_KINDS,
  Scopes,
} from '@retail/platform-http';

/**
 * `GET /v1/auth/whoami` -> `{ scope }`: the scope of the caller's key, 401 when the key is not
 * accepted. Every kind of key may ask. Callers probe it at start-up and on readiness to learn whether we accept their key.
 */
@ApiTags('auth')
@SkipThrottle()
@Controller('auth')
export class WhoAmIController {
  @Get('whoami')
  @Scopes(...SCOPE_KINDS)
  @ApiOperation({ summary: 'The scope of the calling API key' })
  @ApiOkResponse({
    description: 'The scope, e.g. admin, service, channel:shopify, store:berlin-1',
    schema: { type: 'object', required: ['scope'], properties: { scope: { type: 'string' } } },
  })
  whoami(@CurrentPrincipal() principal: Principal): { scope: string } {
    return { scope: principalId(principal) };
  }
}
