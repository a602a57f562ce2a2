import { genericErrors } from '../errors';
import { CallContext, HttpAdapterOptions, HttpJsonClient } from '@retail/platform-http-client';
import {
  WmsAdapter,
  WmsDispositionTransfer,
  WmsFulfillmentRequest,
  WmsRequestResult,
  WmsShipmentFeed,
  WmsTransferRequest,
} from './wms-adapter';

interface WmsRequestBody {
  id: string;
  status: string;
}

interface DispositionTransferBody {
  transferOrder: { id: string; status: string };
}

/**
 * A REST WMS: `POST /wms/v1/{fulfillment,transfer}-requests`, `POST /wms/v1/disposition-transfers`
 * (a transfer order shaped like Square's: idempotency key beside the order), `GET /wms/v1/shipments`.
 */
export class HttpWmsAdapter implements WmsAdapter {
  private readonly http: HttpJsonClient;

  constructor(options: HttpAdapterOptions) {
    this.http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      errors: genericErrors('wms'),
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: options.headers,
      fetch: options.fetch,
    });
  }

  requestFulfillment(request: WmsFulfillmentRequest, ctx: CallContext): Promise<WmsRequestResult> {
    return this.submit('/wms/v1/fulfillment-requests', request, ctx);
  }

  requestTransfer(request: WmsTransferRequest, ctx: CallContext): Promise<WmsRequestResult> {
    return this.submit('/wms/v1/transfer-requests', request, ctx);
  }

  async requestDispositionTransfer(
    request: WmsDispositionTransfer,
    ctx: CallContext,
  ): Promise<WmsRequestResult> {
    const body = {
      idempotencyKey: request.requestId,
      transferOrder: {
        sourceLocationId: request.fromLocationId,
        destinationPartnerId: request.partnerId,
        dispositionType: request.dispositionType,
        ...(request.reference ? { reference: request.reference } : {}),
        ...(request.notes ? { notes: request.notes } : {}),
        lineItems: request.lines.map((l) => ({
          sku: l.sku,
          quantityOrdered: l.quantity,
          ...(l.lotNumber ? { lotNumber: l.lotNumber } : {}),
        })),
      },
    };
    const response = await this.http.send<DispositionTransferBody>(
      { method: 'POST', path: '/wms/v1/disposition-transfers', body },
      ctx,
    );
    const order = (response.body as DispositionTransferBody).transferOrder;
    return {
      wmsRequestId: order.id,
      status: order.status,
      duplicate: response.headers.get('idempotent-replayed') === 'true',
    };
  }

  async listShipments(
    page: { cursor?: string; limit?: number },
    ctx: CallContext,
  ): Promise<WmsShipmentFeed> {
    const response = await this.http.send<WmsShipmentFeed>(
      {
        method: 'GET',
        path: '/wms/v1/shipments',
        query: { cursor: page.cursor, limit: page.limit },
      },
      ctx,
    );
    return response.body ?? { shipments: [], cursor: page.cursor ?? '0' };
  }

  private async submit(path: string, body: unknown, ctx: CallContext): Promise<WmsRequestResult> {
    const response = await this.http.send<WmsRequestBody>({ method: 'POST', path, body }, ctx);
    const result = response.body as WmsRequestBody;
    return {
      wmsRequestId: result.id,
      status: result.status,
      duplicate: response.headers.get('idempotent-replayed') === 'true',
    };
  }
}
