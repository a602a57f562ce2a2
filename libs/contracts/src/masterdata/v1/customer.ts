import { IsBoolean, IsEmail, IsInt, IsOptional, MaxLength, Min, Max } from 'class-validator';
import { IsId, IsNestedArray, IsText } from '../../common/v1/decorators';
import { CustomerChannelIdentity } from './customer-channel-identity';

/**
 * A canonical customer as master-data holds it. Personal fields are absent once the customer is
 * erased (`DELETE /v1/customers/{id}`); the id and channel identities stay for lineage.
 */
export class Customer {
  /** The canonical customer id. */
  @IsId()
  customerId: string;

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

  /** The customer's ids in the channels. */
  @IsNestedArray(() => CustomerChannelIdentity, 100)
  channelIdentities: CustomerChannelIdentity[];

  /** `true` once personal data has been erased. */
  @IsBoolean()
  erased: boolean;

  /** Incremented on every change. */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  version: number;
}
