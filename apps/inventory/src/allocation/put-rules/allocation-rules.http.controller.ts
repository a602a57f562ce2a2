import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllocationRule, AllocationRuleSet, CHANNEL_PATTERN } from '@retail/contracts';
import { OpenApi, Scopes } from '@retail/platform-http';
import { InventoryException } from '../../common/inventory.exception';
import { ChannelLimits, StoredRuleSet } from '../channel-limits.service';
import { PutAllocationRulesHandler } from './put-allocation-rules.handler';

export function checkChannel(channel: string): string {
  if (!CHANNEL_PATTERN.test(channel)) {
    throw InventoryException.invalid([
      { field: 'channel', message: 'channel is not a valid name' },
    ]);
  }
  return channel;
}

/** Schema of a stored rule set (`StoredRuleSet`); version 0 and no rules: none stored yet. */
const STORED_RULE_SET = OpenApi.object(
  {
    channel: OpenApi.string(),
    version: OpenApi.integer({ minimum: 0 }),
    rules: OpenApi.array(OpenApi.ref(AllocationRule)),
  },
  { updatedAt: OpenApi.dateTime({ description: 'Absent when no rules were ever stored' }) },
);

@ApiTags('allocation')
@ApiExtraModels(AllocationRule)
@Controller('allocation-rules')
export class AllocationRulesController {
  constructor(
    private readonly handler: PutAllocationRulesHandler,
    private readonly limits: ChannelLimits,
  ) {}

  @Put(':channel')
  @Scopes('admin')
  @ApiOperation({ summary: "Replace a channel's allocation rules (share and/or safety stock)" })
  @ApiOkResponse({ description: 'The rules as stored', schema: STORED_RULE_SET })
  put(@Param('channel') channel: string, @Body() body: AllocationRuleSet): Promise<StoredRuleSet> {
    return this.handler.execute(checkChannel(channel), body);
  }

  @Get(':channel')
  @Scopes('admin')
  @ApiOkResponse({ description: "The channel's rules (version 0: none)", schema: STORED_RULE_SET })
  async get(@Param('channel') channel: string): Promise<StoredRuleSet> {
    const stored = await this.limits.ruleSet(checkChannel(channel));
    return stored ?? { channel, version: 0, rules: [] };
  }
}
