import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomerMatchRequest, CustomerMatchResult, validateContract } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { OrderIngestionConfig } from '../../config/env';
import { CustomerMatcherPort } from './customer-matcher.port';
import { callJson } from './http-json';

/** Master-data's customer matching over HTTP; any failure means "no customer id". */
@Injectable()
export class HttpCustomerMatcher extends CustomerMatcherPort {
  private readonly logger = new Logger(HttpCustomerMatcher.name);

  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig) {
    super();
  }

  async match(
    request: CustomerMatchRequest,
    correlationId: string,
  ): Promise<CustomerMatchResult | undefined> {
    const env = this.config.env;
    try {
      const res = await callJson('master-data', `${env.MASTERDATA_BASE_URL}/v1/customers:match`, {
        method: 'POST',
        headers: { 'x-api-key': env.MASTERDATA_API_KEY, 'x-correlation-id': correlationId },
        body: request,
        timeoutMs: env.SERVICE_CALL_TIMEOUT_MS,
      });
      if (res.status >= 300) return undefined;
      const { value, errors } = validateContract(CustomerMatchResult, res.body, {
        forbidUnknown: false,
      });
      return errors.length === 0 ? value : undefined;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'customer matching skipped');
      return undefined;
    }
  }
}
