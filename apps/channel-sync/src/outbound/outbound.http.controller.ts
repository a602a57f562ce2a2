import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@retail/platform-http';
import { IsOptional } from 'class-validator';
import { IsStringArray } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { ChannelClients } from '../channels/channel-clients';
import { DEAD_LETTERS_SCHEMA, REPLAY_SCHEMA } from '../common/response-schemas';
import { OutboundAvailabilityStore } from './persistence/outbound-availability.store';
import { OutboundQueue } from './persistence/outbound-queue';

/** Body of `POST /v1/channels/{channel}/outbound/dead-letters/replay`. */
export class ReplayRequest {
  /** Job keys (`shipment:<id>` ...) to replay; omitted: every dead push of the account. */
  @IsOptional()
  @IsStringArray(1000, 200)
  keys?: string[];

  /** Channel SKUs whose refused availability is pushed again; omitted: all of them. */
  @IsOptional()
  @IsStringArray(1000, 200)
  channelSkus?: string[];
}

@ApiTags('channels')
@Controller('channels')
@Scopes('admin')
export class OutboundHttpController {
  constructor(
    private readonly db: DataSource,
    private readonly clients: ChannelClients,
    private readonly queue: OutboundQueue,
    private readonly availability: OutboundAvailabilityStore,
  ) {}

  @Get(':channel/outbound/dead-letters')
  @ApiOperation({
    summary:
      'Pushes the channel refused (4xx), with its answer: order pushes and availability figures (scope: admin)',
  })
  @ApiOkResponse({ schema: DEAD_LETTERS_SCHEMA })
  async deadLetters(@Param('channel') channel: string) {
    const { account } = this.clients.get(channel);
    const [pushes, availability] = await Promise.all([
      this.queue.dead(this.db, account.channel),
      this.availability.listRefused(this.db, account.channel),
    ]);
    return {
      channel: account.channel,
      pushes: pushes.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })),
      availability: availability.map((a) => ({
        channelSku: a.channelSku,
        location: a.location,
        sku: a.sku,
        quantity: a.quantity,
        answer: a.refused,
        refusedAt: new Date(a.refusedAt).toISOString(),
      })),
    };
  }

  @Post(':channel/outbound/dead-letters/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Queues refused pushes again (all, or the given keys / channel SKUs) (scope: admin)',
  })
  @ApiOkResponse({ description: 'How many were queued again', schema: REPLAY_SCHEMA })
  async replay(@Param('channel') channel: string, @Body() body: ReplayRequest) {
    const { account } = this.clients.get(channel);
    return this.db.transaction(async (m) => {
      const pushes =
        body.channelSkus && !body.keys ? 0 : await this.queue.replay(m, account.channel, body.keys);
      const availability =
        body.keys && !body.channelSkus
          ? 0
          : await this.availability.replay(m, account.channel, body.channelSkus);
      if (availability > 0) await this.queue.availabilityDue(m, account.channel);
      return { channel: account.channel, pushes, availability };
    });
  }
}
