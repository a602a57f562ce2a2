import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  ValidateNested,
} from 'class-validator';

export class FulfillmentLineDto {
  @ApiProperty() @IsString() @IsNotEmpty() lineId: string;
  @ApiProperty() @IsString() @IsNotEmpty() sku: string;
  @ApiProperty() @IsInt() @IsPositive() quantity: number;
}

export class TransferLineDto {
  @ApiProperty() @IsString() @IsNotEmpty() sku: string;
  @ApiProperty() @IsInt() @IsPositive() quantity: number;
}

class CallbackFieldsDto {
  @ApiPropertyOptional({ description: 'POSTed the shipment confirmation when shipped' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  callbackUrl?: string;
  @ApiPropertyOptional({ description: 'headers for the callback, e.g. x-api-key' })
  @IsOptional()
  @IsObject()
  callbackHeaders?: Record<string, string>;
}

export class FulfillmentRequestDto extends CallbackFieldsDto {
  @ApiProperty({ description: 'caller key: a repeat creates nothing' })
  @IsString()
  @IsNotEmpty()
  requestId: string;
  @ApiProperty() @IsString() @IsNotEmpty() orderId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() fulfillmentId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() locationId: string;
  @ApiProperty({ type: [FulfillmentLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => FulfillmentLineDto)
  lines: FulfillmentLineDto[];
  @ApiPropertyOptional() @IsOptional() @IsObject() shipTo?: Record<string, unknown>;
}

export class TransferRequestDto extends CallbackFieldsDto {
  @ApiProperty() @IsString() @IsNotEmpty() requestId: string;
  @ApiProperty() @IsString() @IsNotEmpty() fromLocationId: string;
  @ApiProperty() @IsString() @IsNotEmpty() toLocationId: string;
  @ApiProperty({ type: [TransferLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => TransferLineDto)
  lines: TransferLineDto[];
}

export class ShipmentFeedQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  limit?: number;
}

/** Where a disposition transfer sends the goods (Shopify's reverse-fulfilment dispositions). */
export const DISPOSITION_TYPES = ['LIQUIDATION', 'RECYCLING', 'DESTRUCTION'] as const;

export class DispositionLineItemDto {
  @ApiProperty() @IsString() @IsNotEmpty() sku: string;
  @ApiProperty() @IsInt() @IsPositive() quantityOrdered: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() lotNumber?: string;
}

export class DispositionTransferOrderDto {
  @ApiProperty() @IsString() @IsNotEmpty() sourceLocationId: string;
  @ApiProperty({ description: 'the partner (liquidator, recycler) receiving the goods' })
  @IsString()
  @IsNotEmpty()
  destinationPartnerId: string;
  @ApiProperty({ enum: DISPOSITION_TYPES }) @IsIn(DISPOSITION_TYPES) dispositionType: string;
  @ApiPropertyOptional({ description: 'caller reference, e.g. the return id' })
  @IsOptional()
  @IsString()
  reference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() notes?: string;
  @ApiProperty({ type: [DispositionLineItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => DispositionLineItemDto)
  lineItems: DispositionLineItemDto[];
}

/**
 * `POST /wms/v1/disposition-transfers`, shaped like Square's Transfer Orders API (an
 * `idempotencyKey` beside the `transferOrder`, `lineItems` with `quantityOrdered`), with the
 * destination a disposition partner instead of one of our locations.
 */
export class DispositionTransferDto {
  @ApiProperty({ description: 'a repeat with the same key creates nothing' })
  @IsString()
  @IsNotEmpty()
  idempotencyKey: string;
  @ApiProperty({ type: DispositionTransferOrderDto })
  @ValidateNested()
  @Type(() => DispositionTransferOrderDto)
  transferOrder: DispositionTransferOrderDto;
}
