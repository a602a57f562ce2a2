import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
} from 'class-validator';

export class RefundRequestDto {
  @ApiProperty({ description: 'the captured payment to refund' })
  @IsString()
  @IsNotEmpty()
  paymentReference: string;
  @ApiProperty({ description: 'minor units' }) @IsInt() @IsPositive() amount: number;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) currency: string;
  @ApiPropertyOptional() @IsOptional() @IsString() reason?: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, string>;
}

export class ChargeRequestDto {
  @ApiProperty({ description: 'the captured payment whose payment method is charged again' })
  @IsString()
  @IsNotEmpty()
  paymentReference: string;
  @ApiProperty({ description: 'minor units' }) @IsInt() @IsPositive() amount: number;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) currency: string;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, string>;
}
