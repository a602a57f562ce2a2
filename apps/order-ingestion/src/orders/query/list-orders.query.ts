import { IsIn, IsOptional, Matches } from 'class-validator';
import { CHANNEL_PATTERN, ORDER_STATUSES, UUID_PATTERN } from '@retail/contracts';

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

  /** Orders whose status reason contains this text, case-insensitive (e.g. `unknown SKU`). */
  @IsOptional()
  @Matches(/^\P{Cc}{1,200}$/u, { message: 'reason must be 1 to 200 printable characters' })
  reason?: string;

  /** Orders received at least this many minutes ago (1 to 525600): what is stuck. */
  @IsOptional()
  @Matches(/^([1-9]\d{0,4}|[1-4]\d{5}|5[01]\d{4}|52[0-4]\d{3}|525[0-5]\d{2}|525600)$/, {
    message: 'olderThanMinutes must be an integer from 1 to 525600',
  })
  olderThanMinutes?: string;

  /** 1 to 200, default 50. */
  @IsOptional()
  @Matches(/^([1-9]|[1-9]\d|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(UUID_PATTERN, { message: 'cursor is not a cursor of this API' })
  cursor?: string;
}
