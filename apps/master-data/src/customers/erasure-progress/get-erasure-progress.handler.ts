import { Injectable } from '@nestjs/common';
import { MasterDataException } from '../../common/master-data.exception';
import { erasureProgress, type ErasureProgress } from '../domain/erasure-progress';
import { CustomerQueries } from '../persistence/customer.queries';
import { ErasureCompletionsRepository } from '../persistence/erasure-completions.repository';

/** `GET /v1/customers/{id}/erasure`: which services have erased their copy; 404 if never erased. */
@Injectable()
export class GetErasureProgressHandler {
  constructor(
    private readonly customers: CustomerQueries,
    private readonly completions: ErasureCompletionsRepository,
  ) {}

  async execute(customerId: string): Promise<ErasureProgress> {
    const requestedAt = await this.customers.erasedAt(customerId);
    if (!requestedAt) throw MasterDataException.notFound(`erasure of customer ${customerId}`);
    const completions = await this.completions.of(customerId);
    return erasureProgress(customerId, requestedAt.toISOString(), completions);
  }
}
