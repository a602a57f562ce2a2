import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErasureProgress, ServiceErasure } from '../domain/erasure-progress';

/** One service's part of an erasure. */
export class ServiceErasureDto implements ServiceErasure {
  @ApiProperty({ example: 'order-ingestion' })
  service: string;

  @ApiProperty({ enum: ['completed', 'pending'] })
  status: 'completed' | 'pending';

  // OpenAPI 3.1 spells a nullable field as a union with null (not 3.0's `nullable`).
  @ApiProperty({
    oneOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
    description: 'When the service erased its copy; null while pending',
  })
  completedAt: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'Orders erased (order-ingestion)',
  })
  ordersErased?: number;
}

/** Response of `GET /v1/customers/{id}/erasure`. */
export class ErasureProgressDto implements ErasureProgress {
  @ApiProperty({ example: 'cus_01JD8Z2Y3X4W5V6U7T8S9R0Q1P' })
  customerId: string;

  @ApiProperty({ format: 'date-time', description: 'When master-data erased the customer' })
  requestedAt: string;

  @ApiProperty({
    type: [ServiceErasureDto],
    description: 'Every service that must erase its copy, then any other that confirmed',
  })
  services: ServiceErasureDto[];

  @ApiProperty({ description: 'Whether every service that must erase has confirmed' })
  complete: boolean;
}
