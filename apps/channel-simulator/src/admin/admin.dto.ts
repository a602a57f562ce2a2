import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { CHANNELS, ChannelName } from '../channels/channel';

export class SeedOrdersDto {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: ChannelName;
  @ApiPropertyOptional({ description: 'generate this many orders from the channel template' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  count?: number;
  @ApiPropertyOptional({ description: 'orders in the channel native shape, each with its own id' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsObject({ each: true })
  orders?: Record<string, unknown>[];
  @ApiPropertyOptional({ description: 'top-level native fields laid over every generated order' })
  @IsOptional()
  @IsObject()
  template?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'SKUs the generated lines cycle through (SKU-000001..5)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  skus?: string[];
  @ApiPropertyOptional({ default: 'USD' }) @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
}

export class UpdateOrderDto {
  @ApiPropertyOptional({
    description: 'top-level native fields to replace (a change made in the channel)',
  })
  @IsOptional()
  @IsObject()
  changes?: Record<string, unknown>;
}

export class RegisterWebhookDto {
  @ApiProperty({ enum: ['shopify', 'bigcommerce', 'square'] })
  @IsIn(['shopify', 'bigcommerce', 'square'])
  channel: ChannelName;
  @ApiProperty() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) url: string;
  @ApiPropertyOptional({ description: 'Shopify client secret / Square signature key' })
  @IsOptional()
  @IsString()
  secret?: string;
  @ApiPropertyOptional({ description: 'custom headers sent with every delivery' })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;
}

export class CallsQueryDto {
  @IsOptional() @IsIn(CHANNELS) channel?: ChannelName;
  @IsOptional() @IsIn(['inventory', 'shipment', 'status', 'refund']) kind?:
    'inventory' | 'shipment' | 'status' | 'refund';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
}

export class ChannelQueryDto {
  @IsOptional() @IsIn(CHANNELS) channel?: ChannelName;
}

/** Body of `POST /admin/inventory`: what the merchant sets in the channel's admin. */
export class InventoryEditDto {
  @IsIn(CHANNELS) channel: ChannelName;
  @IsString() @IsNotEmpty() sku: string;
  @IsString() @IsNotEmpty() location: string;
  @IsInt() @Min(0) quantity: number;
}
