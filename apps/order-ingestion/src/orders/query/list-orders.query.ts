import { IsIn, IsOptional, Matches } from 'class-validator';
import { CHANNEL_PATTERN, ORDER_STATUSES } from '@retail/contracts';

/** Query of `GET /v1/orders` (query strings stay strings: no implicit conversion). */
export class ListOrdersQuery {
  @IsOptional()
  @Matches(CHANNEL_PATTERN)
  channel?: string;

  @IsOptional()
  @IsIn([...ORDER_STATUSES])
  status?: string;

  /** Orders created by the request or event with this correlation id (operators' trace). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'correlationId is not a correlation id' })
  correlationId?: string;

  /** 1 to 200, default 50. */
  @IsOptional()
  @Matches(/^([1-9]|[1-9]\d|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'cursor is not a cursor of this API' })
  cursor?: string;
}
