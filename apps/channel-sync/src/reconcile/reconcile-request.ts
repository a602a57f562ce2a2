import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional } from 'class-validator';

/** Body of `POST /v1/channels/{channel}/reconcile`. */
export class ReconcileRequest {
  @ApiProperty({ example: '2026-01-10T00:00:00Z' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-01-11T00:00:00Z' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ description: 'List only: import and correct nothing', default: false })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
