import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** Optional body of an operator's action (admin routes): who asked, kept in the timeline. */
export class RequestedBy {
  @ApiProperty({
    required: false,
    description: 'Who asked (e.g. the operator signed in to the console), kept in the timeline',
    example: 'alice (ops-console)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  requestedBy?: string;
}

/** Who an operator action is recorded as: the name the caller gave, else the key's kind. */
export const requesterOf = (body?: RequestedBy): string =>
  body?.requestedBy ? `${body.requestedBy} (admin key)` : 'an administrator';
