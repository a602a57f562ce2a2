import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@retail/platform-http';
import { RECONCILE_SCHEMA } from '../common/response-schemas';
import { ReconcileHandler } from './reconcile.handler';
import { ReconcileRequest } from './reconcile-request';

@ApiTags('channels')
@Controller('channels')
@Scopes('admin')
export class ReconcileHttpController {
  constructor(private readonly handler: ReconcileHandler) {}

  @Post(':channel/reconcile')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Compare the channel orders updated in [from, to] with ours: missing imported and channel cancellations applied unless dryRun (scope: admin)',
  })
  @ApiOkResponse({ schema: RECONCILE_SCHEMA })
  reconcile(@Param('channel') channel: string, @Body() body: ReconcileRequest) {
    return this.handler.execute(
      channel,
      { since: new Date(body.from), until: new Date(body.to) },
      body.dryRun ?? false,
    );
  }
}
