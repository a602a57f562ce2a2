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

/** An authorization (hold) on the payment method of a captured payment, captured later. */
export class AuthorizationRequestDto extends ChargeRequestDto {}

/** Stripe's `amount_to_capture`: at most what is held; the whole hold when absent. */
export class CaptureRequestDto {
  @ApiPropertyOptional({ description: 'minor units, at most the amount held' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  amountToCapture?: number;
}

export class CancelRequestDto {
  @ApiPropertyOptional({ example: 'requested_by_customer' })
  @IsOptional()
  @IsString()
  cancellationReason?: string;
}
