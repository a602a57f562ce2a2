import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /v1/returns/{id}/reject` (admin). */
export class RejectReturn {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

/** Body of `POST /v1/returns/{id}/retry` (admin): `quote` accepts the tax engine's reversal. */
export class RetryReturn {
  @IsOptional()
  @IsIn(['prorated', 'quote'])
  taxBasis?: 'prorated' | 'quote';
}
