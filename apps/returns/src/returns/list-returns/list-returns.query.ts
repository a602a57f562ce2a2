import { ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNEL_PATTERN, RETURN_STATUSES, UUID_PATTERN } from '@retail/contracts';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

/** Query of `GET /v1/returns` (query strings stay strings: no implicit conversion). */
export class ListReturnsQuery {
  @ApiPropertyOptional({ enum: RETURN_STATUSES })
  @IsOptional()
  @IsIn([...RETURN_STATUSES])
  status?: string;

  /** The channel where the return started or the channel of its order. */
  @ApiPropertyOptional({ example: 'pos' })
  @IsOptional()
  @Matches(CHANNEL_PATTERN)
  channel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(100)
  orderId?: string;

  @ApiPropertyOptional({ description: 'Returns created by the request with this correlation id' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'correlationId is not a correlation id' })
  correlationId?: string;

  @ApiPropertyOptional({ description: '1 to 200, default 50' })
  @IsOptional()
  @Matches(/^([1-9]|[1-9]\d|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @Matches(UUID_PATTERN, { message: 'cursor is not a cursor of this API' })
  cursor?: string;
}
