import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NoRequestBody, Scopes } from '@retail/platform-http';
import { ChannelSyncException } from '../../common/channel-sync.exception';
import { PULL_SCHEMA } from '../../common/response-schemas';
import { PullRunner } from './pull.runner';

@ApiTags('channels')
@Controller('channels')
@Scopes('admin')
export class PullHttpController {
  constructor(private readonly runner: PullRunner) {}

  @Post(':channel/pull')
  @NoRequestBody()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pull the account now (scope: admin); 409 while another pull of it runs',
  })
  @ApiOkResponse({ description: 'The pull ran to the end of its window', schema: PULL_SCHEMA })
  async pull(@Param('channel') channel: string) {
    const report = await this.runner.pull(channel);
    if (report.status === 'busy') {
      throw new ChannelSyncException('pull-in-progress', 409, `a pull of ${channel} is running`);
    }
    return report;
  }
}
