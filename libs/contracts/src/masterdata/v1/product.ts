import { IsBoolean, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsId, IsOneOf, IsText } from '../../common/v1/decorators';
import { GTIN_PATTERN } from '../../common/v1/patterns';

/** Lifecycle states of a product. */
export const PRODUCT_STATUSES = ['active', 'discontinued'] as const;
/** Lifecycle state of a product: `discontinued` products can be returned but not sold. */
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * A product of the item master: the body of `PUT /v1/products/{sku}` and the payload of
 * `retail.masterdata.v1.product.changed`. The SKU is the resource id (path or event subject).
 */
export class Product {
  /** Display name. */
  @IsText(200)
  name: string;

  /** GTIN-8/12/13/14 barcode, when the product has one. */
  @IsOptional()
  @Matches(GTIN_PATTERN)
  gtin?: string;

  /** The ERP's item id (NetSuite internal id, SAP material number ...). */
  @IsId(64)
  erpItemId: string;

  /** Whether the product may still be sold. */
  @IsOneOf(PRODUCT_STATUSES)
  status: ProductStatus;

  /** Units are tracked by serial number: fulfilments and returns name serials. */
  @IsBoolean()
  serialTracked: boolean;

  /** Units are tracked by lot/batch. */
  @IsBoolean()
  lotTracked: boolean;

  /** Whether the product may be returned at all. */
  @IsBoolean()
  returnable: boolean;

  /** Days after delivery (or pickup) within which a return is accepted. */
  @IsInt()
  @Min(0)
  @Max(3650)
  returnWindowDays: number;

  /** Percentage of the refunded price kept as restocking fee (0-100, two decimals at most). */
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  restockingFeePercent: number;

  /** Monotonic version from the source; an update must carry a greater one (else 409). */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  version: number;
}
