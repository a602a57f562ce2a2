import { CallContext } from '@retail/platform-http-client';

export interface TaxReversalLine {
  lineId: string;
  sku?: string;
  /** Quantity being returned. */
  quantity: number;
  /** Quantity the original tax was charged on. */
  originalQuantity: number;
  /** Tax charged on the original line, minor units. */
  originalTax: number;
}

export interface TaxReversalRequest {
  currency: string;
  /** Where the return is taken back (jurisdiction). */
  locationId?: string;
  /** Links the quote to the return, for the provider's audit trail. */
  reference?: string;
  lines: TaxReversalLine[];
}

export interface TaxReversalQuote {
  quoteId: string;
  currency: string;
  /** Tax to reverse per line, minor units: the itemised reversal. */
  lines: { lineId: string; quantity: number; taxAmount: number }[];
  totalTax: number;
}

/** The tax engine. */
export interface TaxAdapter {
  quoteReversal(request: TaxReversalRequest, ctx: CallContext): Promise<TaxReversalQuote>;
}
