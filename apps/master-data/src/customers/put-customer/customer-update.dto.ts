import { IsEmail, IsInt, IsOptional, MaxLength, Min } from 'class-validator';
import { IsText } from '@retail/contracts';

/**
 * Body of `PUT /v1/customers/{id}`: replaces the personal fields of an existing customer (an
 * omitted field is cleared). `version` must be greater than the stored one, else 409.
 */
export class CustomerUpdate {
  /** E-mail address. */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /** Phone number, preferably E.164. */
  @IsOptional()
  @IsText(32)
  phone?: string;

  /** Full name. */
  @IsOptional()
  @IsText(200)
  name?: string;

  /** Must be greater than the stored version. */
  @IsInt()
  @Min(1)
  version: number;
}
