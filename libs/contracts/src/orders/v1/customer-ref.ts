import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { IsId, IsText } from '../../common/v1/decorators';

/**
 * The buyer of an order as the channel sent it. `customerId` (the canonical id) is filled by
 * order-ingestion through `POST /v1/customers:match` when the channel does not send it.
 */
export class CustomerRef {
  /** Canonical customer id from master-data. */
  @IsOptional()
  @IsId()
  customerId?: string;

  /** The channel's customer id (absent for guest checkouts). */
  @IsOptional()
  @IsId()
  channelCustomerId?: string;

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
}
