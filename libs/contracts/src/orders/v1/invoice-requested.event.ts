import { ArrayMinSize, IsOptional } from 'class-validator';
import {
  IsChannel,
  IsCurrency,
  IsId,
  IsMinorAmount,
  IsNested,
  IsNestedArray,
  IsTimestamp,
} from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { SUBJECTS } from '../../subjects';
import { InvoiceLine } from './invoice-line';
import { OrderShipping } from './order-shipping';

/** Subject of {@link InvoiceRequestedEvent}. */
export const INVOICE_REQUESTED_SUBJECT = SUBJECTS.INVOICE_REQUESTED;

/**
 * `retail.orders.v1.invoice.requested` (subject = orderId): shipped units are to be invoiced in
 * the ERP, one request per shipment (`fulfillmentEventId` is the de-duplication key).
 */
export class InvoiceRequestedEvent {
  /** The order id. */
  @IsId()
  orderId: string;

  /** Selling channel. */
  @IsChannel()
  channel: string;

  /** The channel's order id. */
  @IsId()
  channelOrderId: string;

  /** The shipment being invoiced. */
  @IsId()
  fulfillmentEventId: string;

  /** ISO 4217 currency of the order. */
  @IsCurrency()
  currency: string;

  /** Invoiced lines. */
  @IsNestedArray(() => InvoiceLine, MAX_ORDER_LINES)
  @ArrayMinSize(1)
  lines: InvoiceLine[];

  /** Shipping charge (on the first invoice of the order only). */
  @IsOptional()
  @IsNested(() => OrderShipping)
  shipping?: OrderShipping;

  /** Invoice total including tax, minor units. */
  @IsMinorAmount()
  total: number;

  /** When it was requested. */
  @IsTimestamp()
  requestedAt: string;
}
