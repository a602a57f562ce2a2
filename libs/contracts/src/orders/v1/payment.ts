import { IsId, IsMinorAmount, IsOneOf } from '../../common/v1/decorators';

/** Payment states: `pending` and `failed` put the order on hold. */
export const PAYMENT_STATUSES = ['authorized', 'captured', 'pending', 'failed'] as const;
/** Payment state. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The payment of an order (what the channel or PSP reported). */
export class Payment {
  /** Payment state. */
  @IsOneOf(PAYMENT_STATUSES)
  status: PaymentStatus;

  /** Method, e.g. `card`, `paypal`, `gift_card`, `cash`. */
  @IsId(64)
  method: string;

  /** The payment provider's reference (used for refunds). */
  @IsId()
  reference: string;

  /** Amount authorized or captured, minor units of the order's currency. */
  @IsMinorAmount()
  amount: number;
}
