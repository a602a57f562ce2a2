import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DomainException, RequireAdmin } from '@retail/platform-http';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DlqService } from './dlq.service';
import { ReplayService } from './replay.service';

/** Response header carrying the `fromSequence` of the next DLQ page. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

/** The part of the Fastify reply the listing needs (the body stays the plain array). */
interface HeaderWriter {
  header(name: string, value: string): unknown;
}

export class InvalidDlqQueryError extends DomainException {
  constructor(detail: string) {
    super('invalid_dlq_query', 422, detail);
  }
}

function parseOrder(order?: string): 'oldest' | 'newest' {
  if (order === undefined || order === '' || order === 'oldest') return 'oldest';
  if (order === 'newest') return 'newest';
  throw new InvalidDlqQueryError('order must be oldest or newest');
}

function parseCursor(value?: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidDlqQueryError('fromSequence must be an integer >= 1');
  return n;
}

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
  @ApiOperation({
    summary: 'List dead letters (oldest first by default) with their failure reason',
    description:
      'The body is the array of dead letters. When more exist, the `x-next-cursor` header holds ' +
      'the `fromSequence` of the next page.',
  })
  @ApiQuery({ name: 'stream', required: false, example: 'RETAIL_ORDERS' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', maximum: 500 } })
  @ApiQuery({ name: 'order', required: false, enum: ['oldest', 'newest'] })
  @ApiQuery({ name: 'fromSequence', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({
    headers: {
      [NEXT_CURSOR_HEADER]: { description: 'fromSequence of the next page (absent at the end)' },
    },
  })
  async list(
    @Query('stream') stream?: string,
    @Query('limit') limit?: string,
    @Query('order') order?: string,
    @Query('fromSequence') fromSequence?: string,
    @Res({ passthrough: true }) reply?: HeaderWriter,
  ) {
    const page = await this.dlq.page({
      stream: stream || undefined,
      limit: limit ? Number(limit) || 50 : 50,
      order: parseOrder(order),
      fromSequence: parseCursor(fromSequence),
    });
    if (page.nextCursor !== null) reply?.header(NEXT_CURSOR_HEADER, String(page.nextCursor));
    return page.items;
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
