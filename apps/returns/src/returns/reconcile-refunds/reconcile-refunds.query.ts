import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

/** Query of `GET /v1/reconciliation/refunds`: the window of refunds to compare, [from, to). */
export class ReconcileRefundsQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-12-02T00:00:00Z' })
  @IsISO8601({ strict: true })
  to: string;
}
