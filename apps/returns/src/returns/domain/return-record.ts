import type {
  Disposition,
  ExchangeLine,
  ItemCondition,
  Refund,
  ReturnResolution,
  ReturnStatus,
} from '@retail/contracts';
import type { OrderView } from '../ports/order-view';
import type { ExchangePlan } from './exchange';

/** The order facts a return keeps, so later steps never depend on order-ingestion being up. */
export type OrderData = Pick<
  OrderView,
  'channelOrderId' | 'orderedAt' | 'shippingTotal' | 'payment' | 'erpSalesOrderExternalId'
> & { shippedUnits: number };

export interface ReturnLineRecord {
  lineId: string;
  sku: string;
  erpItemId: string;
  quantity: number;
  reasonCode: string;
  serialNumbers: string[];
  lotNumber?: string;
  unitPrice: number;
  discountShare: number;
  taxShare: number;
  poolQuantity: number;
  poolTax: number;
  restockingFeePercent: number;
  serialTracked: boolean;
  condition?: ItemCondition;
  disposition?: Disposition;
}

export interface ReturnRecord {
  id: string;
  orderId: string;
  orderChannel: string;
  channel: string;
  locationId: string;
  resolution: ReturnResolution;
  status: ReturnStatus;
  currency: string;
  customerId?: string;
  orderData: OrderData;
  exchangeLines?: ExchangeLine[];
  /** The priced exchange (resolution `exchange`). */
  exchange?: ExchangePlan;
  estimate: Refund;
  refund?: Refund;
  refundReference?: string;
  replacementOrderId?: string;
  erpCreditMemoId?: string;
  approvalReasons?: string[];
  statusReason?: string;
  resumeStatus?: ReturnStatus;
  taxBasis: 'prorated' | 'quote';
  correlationId?: string;
  receivedAt?: string;
  inspectedAt?: string;
  createdAt: string;
  lines: ReturnLineRecord[];
}
