import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RequireAdmin } from '@retail/platform-http';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DlqService } from './dlq.service';
import { ReplayService } from './replay.service';

export class ReplayRequestDto {
  @ApiProperty({ example: 'RETAIL_ORDERS' })
  @IsString()
  stream: string;

  @ApiPropertyOptional({ description: 'Stream sequence to start from (exclusive with fromTime)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  fromSequence?: number;

  @ApiPropertyOptional({ example: '2026-11-26T10:00:00Z' })
  @IsOptional()
  @IsISO8601()
  fromTime?: string;

  @ApiPropertyOptional({ example: 'retail.orders.v1.order.accepted' })
  @IsOptional()
  @Matches(/^[a-z0-9*>._-]+$/)
  subject?: string;

  @ApiPropertyOptional({ maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

/** Dead-letter and replay operations; every service can mount it (admin keys only). */
@ApiTags('ops')
@RequireAdmin()
@Controller({ path: 'ops', version: '1' })
export class OpsController {
  constructor(
    private readonly dlq: DlqService,
    private readonly replays: ReplayService,
  ) {}

  @Get('dlq')
  @ApiOperation({ summary: 'List dead letters (oldest first) with their failure reason' })
  list(@Query('stream') stream?: string, @Query('limit') limit?: string) {
    return this.dlq.list({ stream: stream || undefined, limit: limit ? Number(limit) || 50 : 50 });
  }

  @Post('dlq/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Republish a dead letter to its original subject (once)' })
  replayDeadLetter(@Param('id', ParseIntPipe) id: number) {
    return this.dlq.replay(id);
  }

  @Post('replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-deliver stored events from a sequence or time; inboxes drop duplicates',
  })
  replay(@Body() body: ReplayRequestDto) {
    return this.replays.replay(body);
  }
}
