import { Injectable, Logger } from '@nestjs/common';
import { CustomerMatchRequest, CustomerMatchResult, validateContract } from '@retail/contracts';
import { DependencyRejectedError, ServiceClient } from '@retail/platform-http-client';
import { ServiceDependencies } from '@retail/platform-service';
import { CustomerMatcherPort } from './customer-matcher.port';

/**
 * Master-data's customer matching over HTTP (MASTERDATA_BASE_URL, our SERVICE_API_KEY). Only
 * master-data's own refusal of the request (a 4xx other than 401/403) means "no customer id";
 * a refused key or an outage is thrown, so the order waits instead of going to the guest.
 */
@Injectable()
export class HttpCustomerMatcher extends CustomerMatcherPort {
  private readonly logger = new Logger(HttpCustomerMatcher.name);
  private readonly client: ServiceClient;

  constructor(dependencies: ServiceDependencies) {
    super();
    this.client = dependencies.client('master-data');
  }

  async match(
    request: CustomerMatchRequest,
    correlationId: string,
  ): Promise<CustomerMatchResult | undefined> {
    try {
      const res = await this.client.send({
        method: 'POST',
        path: '/v1/customers:match',
        body: request,
        correlationId,
      });
      const { value, errors } = validateContract(CustomerMatchResult, res.body, {
        forbidUnknown: false,
      });
      if (errors.length === 0) return value;
      this.logger.warn({ errors }, 'customer matching answered an unexpected body');
      return undefined;
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      this.logger.warn({ err: error.message }, 'master-data refused the match request');
      return undefined;
    }
  }
}
