import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

export class TaxReversalLineDto {
  @ApiProperty() @IsString() @IsNotEmpty() lineId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() sku?: string;
  @ApiProperty({ description: 'quantity returned' }) @IsInt() @IsPositive() quantity: number;
  @ApiProperty({ description: 'quantity the tax was charged on' })
  @IsInt()
  @IsPositive()
  originalQuantity: number;
  @ApiProperty({ description: 'tax charged on the original line, minor units' })
  @IsInt()
  @Min(0)
  originalTax: number;
}

export class TaxReversalRequestDto {
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) currency: string;
  @ApiPropertyOptional() @IsOptional() @IsString() locationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() reference?: string;
  @ApiProperty({ type: [TaxReversalLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => TaxReversalLineDto)
  lines: TaxReversalLineDto[];
}
