import { IsOptional } from 'class-validator';
import { IsId, IsNested, IsNestedArray, IsOneOf } from '../../common/v1/decorators';
import { MAX_ORDER_LINES } from '../../common/v1/patterns';
import { Address } from './address';
import { FulfillmentInstructionLine } from './fulfillment-instruction-line';
import { FULFILLMENT_TYPES, FulfillmentType } from './line-fulfillment';

/** Lifecycle of a fulfilment instruction. */
export const FULFILLMENT_INSTRUCTION_STATUSES = [
  'pending',
  'requested',
  'picked',
  'shipped',
  'delivered',
  'picked_up',
  'cancelled',
] as const;
/** Lifecycle state of a fulfilment instruction. */
export type FulfillmentInstructionStatus = (typeof FULFILLMENT_INSTRUCTION_STATUSES)[number];

/**
 * Lines of one order that leave from one location in one way: a pickup line and a ship line of
 * the same order become two instructions. Sent to the WMS or store; listed in `fulfillments[]`.
 */
export class FulfillmentInstruction {
  /** Instruction id (referenced by fulfilment events as `fulfillmentId`). */
  @IsId()
  fulfillmentId: string;

  /** The order. */
  @IsId()
  orderId: string;

  /** How the lines reach the customer. */
  @IsOneOf(FULFILLMENT_TYPES)
  type: FulfillmentType;

  /** The fulfilling location, once sourced. */
  @IsOptional()
  @IsId(64)
  locationId?: string;

  /** Lines to fulfil. */
  @IsNestedArray(() => FulfillmentInstructionLine, MAX_ORDER_LINES)
  lines: FulfillmentInstructionLine[];

  /** Destination of shipped instructions. */
  @IsOptional()
  @IsNested(() => Address)
  shippingAddress?: Address;

  /** Lifecycle state. */
  @IsOneOf(FULFILLMENT_INSTRUCTION_STATUSES)
  status: FulfillmentInstructionStatus;
}
