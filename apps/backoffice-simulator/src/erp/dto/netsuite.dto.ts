import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  NotEquals,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A reference by internal id (`{ id }`). */
export class NsIdRefDto {
  @ApiProperty() @IsString() @IsNotEmpty() id: string;
  @ApiPropertyOptional() @IsOptional() @IsString() refName?: string;
}

/** A reference by internal or external id. */
export class NsAnyRefDto {
  @ApiPropertyOptional() @IsOptional() @IsString() id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() externalId?: string;
}

export class NsLineDto {
  @ApiProperty({ type: NsIdRefDto }) @ValidateNested() @Type(() => NsIdRefDto) item: NsIdRefDto;
  @ApiProperty() @IsInt() @IsPositive() quantity: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() rate?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() amount?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() tax1Amt?: number;
  /** What a non-inventory line is (gift card, tip, service, custom item). */
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() custcol_retail_line_id?: string;
}

export class NsLinesDto {
  @ApiProperty({ type: [NsLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => NsLineDto)
  items: NsLineDto[];
}

/** Sales order, return authorization and credit memo bodies (NetSuite REST record shape). */
export class NsTransactionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() externalId?: string;
  @ApiProperty({ type: NsIdRefDto }) @ValidateNested() @Type(() => NsIdRefDto) entity: NsIdRefDto;
  @ApiProperty({ example: '2026-11-26' }) @Matches(DATE) tranDate: string;
  @ApiProperty({ type: NsIdRefDto }) @ValidateNested() @Type(() => NsIdRefDto) currency: NsIdRefDto;
  @ApiPropertyOptional({ type: NsIdRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsIdRefDto)
  location?: NsIdRefDto;
  @ApiPropertyOptional({ type: NsIdRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsIdRefDto)
  subsidiary?: NsIdRefDto;
  @ApiPropertyOptional({ type: NsAnyRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsAnyRefDto)
  createdFrom?: NsAnyRefDto;
  @ApiPropertyOptional() @IsOptional() @IsString() memo?: string;
  @ApiProperty({ type: NsLinesDto }) @ValidateNested() @Type(() => NsLinesDto) item: NsLinesDto;
}

export class NsAdjustmentLineDto {
  @ApiProperty({ type: NsIdRefDto }) @ValidateNested() @Type(() => NsIdRefDto) item: NsIdRefDto;
  @ApiProperty({ type: NsIdRefDto }) @ValidateNested() @Type(() => NsIdRefDto) location: NsIdRefDto;
  @ApiProperty() @IsInt() @NotEquals(0) adjustQtyBy: number;
}

export class NsAdjustmentLinesDto {
  @ApiProperty({ type: [NsAdjustmentLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => NsAdjustmentLineDto)
  items: NsAdjustmentLineDto[];
}

export class NsInventoryAdjustmentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() externalId?: string;
  @ApiProperty({ example: '2026-11-26' }) @Matches(DATE) tranDate: string;
  @ApiPropertyOptional() @IsOptional() @IsString() memo?: string;
  @ApiPropertyOptional({ type: NsIdRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsIdRefDto)
  account?: NsIdRefDto;
  @ApiProperty({ type: NsAdjustmentLinesDto })
  @ValidateNested()
  @Type(() => NsAdjustmentLinesDto)
  inventory: NsAdjustmentLinesDto;
}

export class PageQueryDto {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  limit?: number;
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class BalanceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'item internal id' }) @IsOptional() @IsString() item?: string;
  @ApiPropertyOptional({ description: 'location id' }) @IsOptional() @IsString() location?: string;
}

/** Customer (NetSuite REST `customer`), upserted by eid. */
export class NsCustomerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() externalId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() companyName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() firstName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() lastName?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isPerson?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() comments?: string;
  @ApiPropertyOptional({ type: NsIdRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsIdRefDto)
  subsidiary?: NsIdRefDto;
}

export class NsCustomerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'record query, e.g. email IS "ada@example.com"' })
  @IsOptional()
  @IsString()
  q?: string;
}

export class NsFulfillmentLineDto {
  @ApiProperty({ type: NsIdRefDto }) @ValidateNested() @Type(() => NsIdRefDto) item: NsIdRefDto;
  @ApiProperty() @IsInt() @IsPositive() quantity: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() itemReceive?: boolean;
  @ApiPropertyOptional({ type: NsIdRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsIdRefDto)
  location?: NsIdRefDto;
  @ApiPropertyOptional() @IsOptional() @IsString() custcol_retail_line_id?: string;
}

export class NsFulfillmentLinesDto {
  @ApiProperty({ type: [NsFulfillmentLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => NsFulfillmentLineDto)
  items: NsFulfillmentLineDto[];
}

export class NsPackageDto {
  @ApiPropertyOptional() @IsOptional() @IsString() packageTrackingNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() packageDescr?: string;
}

export class NsPackagesDto {
  @ApiProperty({ type: [NsPackageDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NsPackageDto)
  items: NsPackageDto[];
}

/** Item fulfillment, transformed from a sales order (`!transform/itemFulfillment`). */
export class NsItemFulfillmentDto {
  @ApiProperty() @IsString() @IsNotEmpty() externalId: string;
  @ApiProperty({ example: '2026-11-26' }) @Matches(DATE) tranDate: string;
  /** `A` picked, `B` packed, `C` shipped. */
  @ApiPropertyOptional({ type: NsIdRefDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsIdRefDto)
  shipStatus?: NsIdRefDto;
  @ApiPropertyOptional() @IsOptional() @IsString() memo?: string;
  @ApiProperty({ type: NsFulfillmentLinesDto })
  @ValidateNested()
  @Type(() => NsFulfillmentLinesDto)
  item: NsFulfillmentLinesDto;
  @ApiPropertyOptional({ type: NsPackagesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NsPackagesDto)
  package?: NsPackagesDto;
}

/** Invoice or cash sale, transformed from a sales order (`!transform/invoice|cashSale`). */
export class NsBillingDto extends NsTransactionDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() shippingCost?: number;
}
