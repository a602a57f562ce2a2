import type { CanonicalOrder, OrderStatus } from '@retail/contracts';
import type { PipelineStep } from './pipeline-step';
import type { InstructionGroup } from './routing';

/** One timeline entry: a status move (`from` != `to`) or a note on the current status. */
export interface TimelineEntry {
  from?: OrderStatus;
  to: OrderStatus;
  /** The pipeline step or use case that made it. */
  step: string;
  reason?: string;
  transformations?: unknown[];
}

/** A line's reservation as inventory answered it (`rejected`: refused, no reservation). */
export interface LineReservation {
  lineId: string;
  reservationId: string | null;
  status: string;
}

/**
 * Everything one commit changes on one order; the repository writes it with one statement per
 * table. Undefined fields are left as they are.
 */
export interface OrderChange {
  status: OrderStatus;
  step?: PipelineStep;
  /** `null` clears the reason. */
  reason?: string | null;
  customerId?: string;
  order?: CanonicalOrder;
  lineSkus?: Array<{ lineId: string; sku: string }>;
  instructions?: InstructionGroup[];
  reservations?: LineReservation[];
  releasedLineIds?: string[];
  erpState?: string;
  erpSalesOrderId?: string;
  holdReleased?: boolean;
  cause?: string;
  entries: TimelineEntry[];
}
