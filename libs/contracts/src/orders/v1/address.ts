import { IsEmail, IsISO31661Alpha2, IsOptional, MaxLength } from 'class-validator';
import { IsText } from '../../common/v1/decorators';

/** A postal address (shipping or billing). Personal data: redacted in logs, erased on request. */
export class Address {
  /** Recipient's full name. */
  @IsOptional()
  @IsText(200)
  name?: string;

  /** Company name. */
  @IsOptional()
  @IsText(200)
  company?: string;

  /** First address line. */
  @IsText(200)
  line1: string;

  /** Second address line. */
  @IsOptional()
  @IsText(200)
  line2?: string;

  /** City or town. */
  @IsText(100)
  city: string;

  /** State, province or region code. */
  @IsOptional()
  @IsText(100)
  region?: string;

  /** Postal code (absent in some countries). */
  @IsOptional()
  @IsText(20)
  postalCode?: string;

  /** ISO 3166-1 alpha-2 country code, e.g. `DE`. */
  @IsISO31661Alpha2()
  countryCode: string;

  /** Contact phone for the carrier. */
  @IsOptional()
  @IsText(32)
  phone?: string;

  /** Contact e-mail for the carrier. */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}
