import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  DomainException,
  isSafePositiveInteger,
  NoRequestBody,
  ParseSafeIntPipe,
  Scopes,
} from '@retail/platform-http';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DEAD_LETTER_DETAIL,
  DEAD_LETTER_LIST,
  DLQ_BULK_REPLAY_RESULT,
  DLQ_REPLAY_RESULT,
  REPLAY_RESULT,
} from './ops.openapi';
import { DlqBulkReplay, MAX_BULK_REPLAY } from './dlq-bulk-replay';
import type { DlqFilter } from './dlq-filter';
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

const MAX_PAGE = 500;

/** Page size: absent or empty is the default (50); anything else an integer from 1 to 500. */
function parseLimit(value?: string): number {
  if (value === undefined || value === '') return 50;
  const n = Number(value);
  if (!/^[0-9]{1,3}$/.test(value) || n < 1 || n > MAX_PAGE)
    throw new InvalidDlqQueryError(`limit must be an integer from 1 to ${MAX_PAGE}`);
  return n;
}

function parseCursor(value?: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isSafePositiveInteger(value))
    throw new InvalidDlqQueryError('fromSequence must be an integer from 1 to 2^53-1');
  return Number(value);
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Which dead letters: every field optional, all given fields must match. */
export class DlqFilterDto implements DlqFilter {
  @ApiPropertyOptional({ example: 'RETAIL_ORDERS' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/)
  stream?: string;

  @ApiPropertyOptional({ example: 'returns--order-shipped' })
  @IsOptional()
  @Matches(/^[a-z0-9._-]{1,128}$/)
  consumer?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the failure reason' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;

  @ApiPropertyOptional({ description: 'Failed at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'Failed at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CORRELATION_ID)
  correlationId?: string;
}

/** Body of `POST /v1/ops/dlq:replay`: ids or a filter, and whether this is a dry run. */
export class DlqReplayRequestDto {
  @ApiPropertyOptional({ type: [Number], maxItems: MAX_BULK_REPLAY })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BULK_REPLAY)
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids?: number[];

  @ApiPropertyOptional({ type: DlqFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DlqFilterDto)
  filter?: DlqFilterDto;

  @ApiProperty({ description: 'true: answer what would be re-delivered and publish nothing' })
  @IsBoolean()
  @IsIn([true, false])
  dryRun: boolean;
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

  @ApiPropertyOptional({ description: 'Last stream sequence to include (exclusive with toTime)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  toSequence?: number;

  @ApiPropertyOptional({ example: '2026-11-26T11:00:00Z', description: 'Last time to include' })
  @IsOptional()
  @IsISO8601()
  toTime?: string;

  @ApiPropertyOptional({ example: 'retail.orders.v1.order.accepted' })
  @IsOptional()
  @Matches(/^[a-z0-9*>._-]+$/)
  subject?: string;

  @ApiPropertyOptional({ description: 'Only events carrying this correlation id' })
  @IsOptional()
  @Matches(CORRELATION_ID)
  correlationId?: string;

  @ApiPropertyOptional({ description: 'Answer what would be re-delivered; publish nothing' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

/** Query strings arrive as '' when a form leaves a field empty: the same as absent. */
function dropEmpty<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;
}

/** Dead-letter and replay operations; every service can mount it (admin keys only). */
@ApiTags('ops')
@Scopes('admin')
@Controller({ path: 'ops', version: '1' })
export class OpsController {
  constructor(
    private readonly dlq: DlqService,
    private readonly replays: ReplayService,
    private readonly bulk: DlqBulkReplay,
  ) {}

  @Get('dlq')
  @ApiOperation({
    summary: 'List dead letters (oldest first by default) with their failure reason',
    description:
      'The body is the array of dead letters. When more exist, the `x-next-cursor` header holds ' +
      'the `fromSequence` of the next page.',
  })
  @ApiQuery({ name: 'stream', required: false, example: 'RETAIL_ORDERS' })
  @ApiQuery({ name: 'consumer', required: false })
  @ApiQuery({ name: 'reason', required: false, description: 'substring, case-insensitive' })
  @ApiQuery({ name: 'from', required: false, description: 'failed at or after (ISO 8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'failed at or before (ISO 8601)' })
  @ApiQuery({ name: 'correlationId', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', maximum: 500 } })
  @ApiQuery({ name: 'order', required: false, enum: ['oldest', 'newest'] })
  @ApiQuery({ name: 'fromSequence', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({
    description: 'Dead letters, without their payload',
    schema: DEAD_LETTER_LIST,
    headers: {
      [NEXT_CURSOR_HEADER]: { description: 'fromSequence of the next page (absent at the end)' },
    },
  })
  async list(
    @Query() filter: DlqFilterDto,
    @Query('limit') limit?: string,
    @Query('order') order?: string,
    @Query('fromSequence') fromSequence?: string,
    @Res({ passthrough: true }) reply?: HeaderWriter,
  ) {
    const page = await this.dlq.page({
      ...dropEmpty(filter),
      limit: parseLimit(limit),
      order: parseOrder(order),
      fromSequence: parseCursor(fromSequence),
    });
    if (page.nextCursor !== null) reply?.header(NEXT_CURSOR_HEADER, String(page.nextCursor));
    return page.items;
  }

  @Get('dlq/:id')
  @ApiOperation({ summary: 'One dead letter with its payload (UTF-8 text, or base64)' })
  @ApiOkResponse({ description: 'The dead letter', schema: DEAD_LETTER_DETAIL })
  deadLetter(@Param('id', ParseSafeIntPipe) id: number) {
    return this.dlq.get(id);
  }

  @Post('dlq::replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay a selection (ids) or a filter of dead letters; dryRun publishes nothing',
    description: `At most ${MAX_BULK_REPLAY} per request; each dead letter is republished once.`,
  })
  @ApiOkResponse({ description: 'What was (or would be) replayed', schema: DLQ_BULK_REPLAY_RESULT })
  replayMany(@Body() body: DlqReplayRequestDto) {
    return this.bulk.execute({
      ids: body.ids,
      filter: body.filter ? dropEmpty(body.filter) : undefined,
      dryRun: body.dryRun,
    });
  }

  @Post('dlq/:id/replay')
  @NoRequestBody()
  @HttpCode(200)
  @ApiOperation({ summary: 'Republish a dead letter to its original subject (once)' })
  @ApiOkResponse({ description: 'Replayed now, or earlier', schema: DLQ_REPLAY_RESULT })
  replayDeadLetter(@Param('id', ParseSafeIntPipe) id: number) {
    return this.dlq.replay(id);
  }

  @Post('replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-deliver stored events from a sequence or time; inboxes drop duplicates',
  })
  @ApiResponse({ status: 202, description: 'The replay window', schema: REPLAY_RESULT })
  replay(@Body() body: ReplayRequestDto) {
    return this.replays.replay(body);
  }
}
