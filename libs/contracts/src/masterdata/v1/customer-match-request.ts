import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { IsChannel, IsId, IsText } from '../../common/v1/decorators';

/**
 * Body of `POST /v1/customers:match`: finds the customer a channel knows, or creates one. At least
 * one of `channelCustomerId`, `email` or `phone` is needed to match (else a new customer is made).
 */
export class CustomerMatchRequest {
  /** The channel the customer came through. */
  @IsChannel()
  channel: string;

  /** The channel's own customer id. */
  @IsOptional()
  @IsId()
  channelCustomerId?: string;

  /** E-mail address (matched case-insensitively). */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /** Phone number, preferably E.164. */
  @IsOptional()
  @IsText(32)
  phone?: string;

  /** Full name (never used alone to match). */
  @IsOptional()
  @IsText(200)
  name?: string;
}
