import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { toDecimalInt } from '@retail/platform-http';
import { IsBoolean, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/** Query of `GET /v1/reconciliation/refunds`: the window of refunds to compare, [from, to). */
export class ReconcileRefundsQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-12-02T00:00:00Z' })
  @IsISO8601({ strict: true })
  to: string;
}

/** Body of `POST /v1/reconciliation/refunds/runs`: the window to reconcile, [from, to). */
export class RequestRefundReconciliation extends ReconcileRefundsQuery {
  @ApiPropertyOptional({
    description: 'Report only: post no missing credit memo',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** Query of `GET /v1/reconciliation/refunds/runs`. */
export class ListRefundReconciliationRuns {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toDecimalInt)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
