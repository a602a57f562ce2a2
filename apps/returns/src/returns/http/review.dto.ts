import { RequestedBy } from '@retail/platform-http';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /v1/returns/{id}/approve` (admin). */
export class ApproveReturn extends RequestedBy {}

/** Body of `POST /v1/returns/{id}/reject` (admin). */
export class RejectReturn extends RequestedBy {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

/** Body of `POST /v1/returns/{id}/retry` (admin): `quote` accepts the tax engine's reversal. */
export class RetryReturn extends RequestedBy {
  @IsOptional()
  @IsIn(['prorated', 'quote'])
  taxBasis?: 'prorated' | 'quote';
}
