import { ArrayMinSize, IsOptional } from 'class-validator';
import {
  IsChannel,
  IsCurrency,
  IsId,
  IsNested,
  IsNestedArray,
  IsTimestamp,
} from '../../common/v1/decorators';
import { MAX_ORDER_LINES, MAX_TENDERS } from '../../common/v1/patterns';
import { Address } from './address';
import { CustomerRef } from './customer-ref';
import { FraudAssessment } from './fraud-assessment';
import { OrderLine } from './order-line';
import { OrderShipping } from './order-shipping';
import { Payment } from './payment';

/**
 * The canonical order: body of `POST /v1/orders`, target of every channel mapping and payload of
 * `retail.orders.v1.order.accepted`. `(channel, channelOrderId)` identifies it: sending it again
 * returns the same order id and creates nothing. Amounts are minor units of `currency`.
 */
export class CanonicalOrder {
  /** The selling channel. */
  @IsChannel()
  channel: string;

  /** The channel's order id. */
  @IsId()
  channelOrderId: string;

  /** When the customer placed the order (ISO 8601 with offset). */
  @IsTimestamp()
  orderedAt: string;

  /** ISO 4217 currency code of every amount on the order. */
  @IsCurrency()
  currency: string;

  /** The buyer. */
  @IsNested(() => CustomerRef)
  customer: CustomerRef;

  /** Where ship lines go (required when any line ships). */
  @IsOptional()
  @IsNested(() => Address)
  shippingAddress?: Address;

  /** Billing address. */
  @IsOptional()
  @IsNested(() => Address)
  billingAddress?: Address;

  /** Order lines (1 to 500). */
  @IsNestedArray(() => OrderLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: OrderLine[];

  /** Shipping charged. */
  @IsOptional()
  @IsNested(() => OrderShipping)
  shipping?: OrderShipping;

  /**
   * The payment (with several tenders: their total, the weakest status, the first reference).
   * Its `amount` is the order total (lines: unitPrice x quantity - discount + tax, plus
   * shipping: amount - discount + tax) within 1 minor unit per line; a client's canonical order
   * that differs by more is refused (422). Orders mapped from a channel's payload are held with
   * the reason instead (`payment_tenders_mismatch`).
   */
  @IsNested(() => Payment)
  payment: Payment;

  /**
   * One entry per tender when the buyer paid with several (card + gift card, split cards); they
   * add up to `payment.amount` exactly (else 422). Absent for a single tender.
   */
  @IsOptional()
  @IsNestedArray(() => Payment, MAX_TENDERS)
  payments?: Payment[];

  /** Fraud verdict, when the channel ran one. */
  @IsOptional()
  @IsNested(() => FraudAssessment)
  fraud?: FraudAssessment;

  /**
   * The return this order replaces (the replacement order of an exchange, placed by returns);
   * the return records this order's id in turn.
   */
  @IsOptional()
  @IsId()
  exchangeForReturnId?: string;
}
