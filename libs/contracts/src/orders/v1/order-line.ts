import { IsOptional, ValidateIf } from 'class-validator';
import {
  IsId,
  IsMinorAmount,
  IsNested,
  IsOneOf,
  IsQuantity,
  IsText,
} from '../../common/v1/decorators';
import { LineFulfillment } from './line-fulfillment';

/**
 * What a line sells: `stock` (a catalog SKU, reserved and picked; the default) or `non_stock`
 * (a custom or ad-hoc item, custom amount, gift card, tip, service: no SKU to resolve, never
 * reserved, posted to the ERP as the configured non-inventory item).
 */
export const LINE_KINDS = ['stock', 'non_stock'] as const;
/** What a line sells. */
export type LineKind = (typeof LINE_KINDS)[number];

/**
 * One line of a canonical order. `unitPrice` is per unit; `discount` and `tax` are totals for the
 * whole line, all in minor units of the order's currency.
 */
export class OrderLine {
  /** Line id, unique within the order (the channel's line id when it has one). */
  @IsId()
  lineId: string;

  /** `stock` (default) or `non_stock` (no SKU needed, never reserved). */
  @IsOptional()
  @IsOneOf(LINE_KINDS)
  kind?: LineKind;

  /**
   * Canonical SKU (channel SKUs are resolved through channel mappings). Required unless the line
   * is `non_stock`, where it is absent when the channel sent none. Declared non-optional so the
   * stock-line code keeps compiling: code that handles `non_stock` lines checks `kind` first.
   */
  @ValidateIf((l: OrderLine) => l.kind !== 'non_stock' || l.sku !== undefined)
  @IsId(64)
  sku: string;

  /** What the customer sees on the line (item name, "Tip", "Gift card"), as the channel sent it. */
  @IsOptional()
  @IsText(200)
  title?: string;

  /** Units ordered. */
  @IsQuantity()
  quantity: number;

  /** Price of one unit before discount, minor units (modifiers and options included). */
  @IsMinorAmount()
  unitPrice: number;

  /** Discount on the whole line, minor units. */
  @IsMinorAmount()
  discount: number;

  /** Tax on the whole line, minor units. */
  @IsMinorAmount()
  tax: number;

  /** How the line is fulfilled. */
  @IsNested(() => LineFulfillment)
  fulfillment: LineFulfillment;
}
