import { ApiResponse } from '@nestjs/swagger';

/** A 409 problem+json response in the OpenAPI document, with its cause. */
export const conflict = (description: string) =>
  ApiResponse({
    status: 409,
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
