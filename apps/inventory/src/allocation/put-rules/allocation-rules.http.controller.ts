import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllocationRuleSet, CHANNEL_PATTERN } from '@retail/contracts';
import { Scopes } from '@retail/platform-http';
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

@ApiTags('allocation')
@Controller('allocation-rules')
export class AllocationRulesController {
  constructor(
    private readonly handler: PutAllocationRulesHandler,
    private readonly limits: ChannelLimits,
  ) {}

  @Put(':channel')
  @Scopes('admin')
  @ApiOperation({ summary: "Replace a channel's allocation rules (share and/or safety stock)" })
  put(@Param('channel') channel: string, @Body() body: AllocationRuleSet): Promise<StoredRuleSet> {
    return this.handler.execute(checkChannel(channel), body);
  }

  @Get(':channel')
  @Scopes('admin')
  async get(@Param('channel') channel: string): Promise<StoredRuleSet> {
    const stored = await this.limits.ruleSet(checkChannel(channel));
    return stored ?? { channel, version: 0, rules: [] };
  }
}
