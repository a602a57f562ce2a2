import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FAULT_MODES, type FaultMode } from '../faults/fault-config';

/** Every field optional: only what is sent changes; null clears a nullable setting. */
export class SystemFaultsDto {
  @ApiPropertyOptional({ enum: FAULT_MODES })
  @IsOptional()
  @IsIn([...FAULT_MODES])
  mode?: FaultMode;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(0) latencyMs?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) maxConcurrency?:
    number | null;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) errorRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() dropResponseAfterCommit?: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'WMS only' })
  @IsOptional()
  @IsInt()
  @Min(0)
  shipmentDelayMs?: number | null;
}

export class FaultsDto {
  @ApiPropertyOptional({ type: SystemFaultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SystemFaultsDto)
  erp?: SystemFaultsDto;
  @ApiPropertyOptional({ type: SystemFaultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SystemFaultsDto)
  wms?: SystemFaultsDto;
  @ApiPropertyOptional({ type: SystemFaultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SystemFaultsDto)
  payments?: SystemFaultsDto;
  @ApiPropertyOptional({ type: SystemFaultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SystemFaultsDto)
  tax?: SystemFaultsDto;
}

export class SeedItemDto {
  @ApiProperty({ description: 'ERP internal id' }) @IsString() @IsNotEmpty() id: string;
  @ApiProperty({ description: 'item name/number, our SKU' }) @IsString() @IsNotEmpty() sku: string;
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() gtin?: string;
  @ApiPropertyOptional({ description: 'minor units' })
  @IsOptional()
  @IsInt()
  @Min(0)
  basePrice?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inactive?: boolean;
}

export class SeedOnHandDto {
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) locationIds: string[];
  @ApiProperty() @IsInt() quantity: number;
}

export class SeedItemsDto {
  @ApiPropertyOptional({ description: 'generate this many items' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(100_000)
  count?: number;
  @ApiPropertyOptional({ default: 'SKU' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,20}$/)
  prefix?: string;
  @ApiPropertyOptional({ default: 'EUR' }) @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
  @ApiPropertyOptional({ type: [SeedItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => SeedItemDto)
  items?: SeedItemDto[];
  @ApiPropertyOptional({ type: SeedOnHandDto, description: 'on-hand for every seeded item' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SeedOnHandDto)
  onHand?: SeedOnHandDto;
}

export class CallsQueryDto {
  @IsOptional() @IsIn(['erp', 'wms', 'payments', 'tax']) system?: string;
  @IsOptional() @IsString() correlationId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @IsPositive() @Max(1000) limit?: number;
}
