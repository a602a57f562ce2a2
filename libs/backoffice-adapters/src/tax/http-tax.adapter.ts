import { genericErrors } from '../errors';
import { CallContext, HttpAdapterOptions, HttpJsonClient } from '@retail/platform-http-client';
import { TaxAdapter, TaxReversalQuote, TaxReversalRequest } from './tax-adapter';

/** Tax engine REST API: `POST /tax/v1/reversal-quotes`. */
export class HttpTaxAdapter implements TaxAdapter {
  private readonly http: HttpJsonClient;

  constructor(options: HttpAdapterOptions) {
    this.http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      errors: genericErrors('tax'),
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: options.headers,
      fetch: options.fetch,
    });
  }

  async quoteReversal(request: TaxReversalRequest, ctx: CallContext): Promise<TaxReversalQuote> {
    const response = await this.http.send<TaxReversalQuote>(
      { method: 'POST', path: '/tax/v1/reversal-quotes', body: request },
      ctx,
    );
    return response.body as TaxReversalQuote;
  }
}
