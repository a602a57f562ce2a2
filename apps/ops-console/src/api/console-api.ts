import { randomUUID } from 'node:crypto';
import { platformFetch, ServiceClient, type ServiceRequest } from '@retail/platform-http-client';
import type { OpsConsoleConfig, ServiceName } from '../config/env';
import type {
  ChannelAccount,
  ChannelReconcileReport,
  DeadLetter,
  DeadLetterDetail,
  DlqReplayAnswer,
  InventoryDriftReport,
  RefundDriftReport,
  OrderDetail,
  OrderPage,
  ReturnDetail,
  ReturnPage,
  StreamReplayAnswer,
} from './views';

type Query = Record<string, string | number | undefined>;

/**
 * The console's only way to the services: their public APIs, through the platform's
 * ServiceClient, with the console's own admin key (never sent to the browser). Dead letters and
 * replay are served by every service (one shared RETAIL_DLQ); the console asks order-ingestion.
 */
export class ConsoleApi {
  private readonly clients = new Map<ServiceName, ServiceClient>();

  constructor(private readonly config: OpsConsoleConfig) {
    for (const [name, baseUrl] of Object.entries(config.baseUrls) as [ServiceName, string][])
      this.clients.set(
        name,
        new ServiceClient({
          dependency: name,
          baseUrl,
          apiKey: config.apiKey,
          timeoutMs: config.timeoutMs,
        }),
      );
  }

  private async call<T>(service: ServiceName, request: ServiceRequest): Promise<T> {
    const response = await this.clients.get(service)!.send<T>(request);
    return response.body as T;
  }

  private async page<T>(service: ServiceName, path: string, query: Query) {
    const response = await this.clients.get(service)!.send<T>({ method: 'GET', path, query });
    return { body: response.body as T, next: response.headers.get('x-next-cursor') ?? undefined };
  }

  orders(query: Query) {
    return this.call<OrderPage>('order-ingestion', { method: 'GET', path: '/v1/orders', query });
  }

  order(id: string) {
    return this.call<OrderDetail>('order-ingestion', {
      method: 'GET',
      path: `/v1/orders/${encodeURIComponent(id)}`,
    });
  }

  retryOrder(id: string, requestedBy: string) {
    return this.call<{ status: string; retriedStep: string }>('order-ingestion', {
      method: 'POST',
      path: `/v1/orders/${encodeURIComponent(id)}/retry`,
      body: { requestedBy },
    });
  }

  releaseHold(id: string) {
    return this.call<{ status: string }>('order-ingestion', {
      method: 'POST',
      path: `/v1/orders/${encodeURIComponent(id)}/release-hold`,
    });
  }

  cancelOrder(id: string, reason: string, idempotencyKey: string = randomUUID()) {
    return this.call<{ status: string }>('order-ingestion', {
      method: 'POST',
      path: `/v1/orders/${encodeURIComponent(id)}/cancel`,
      body: { reason },
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  returns(query: Query) {
    return this.call<ReturnPage>('returns', { method: 'GET', path: '/v1/returns', query });
  }

  returnDetail(id: string) {
    return this.call<ReturnDetail>('returns', {
      method: 'GET',
      path: `/v1/returns/${encodeURIComponent(id)}`,
    });
  }

  /** The operator's action on a return (admin routes of the returns API). */
  returnAction(id: string, action: 'approve' | 'reject' | 'retry', body: object) {
    return this.call<{ returnId: string; status: string }>('returns', {
      method: 'POST',
      path: `/v1/returns/${encodeURIComponent(id)}/${action}`,
      body,
      headers: action === 'retry' ? undefined : { 'idempotency-key': randomUUID() },
    });
  }

  deadLetters(query: Query) {
    return this.page<DeadLetter[]>('order-ingestion', '/v1/ops/dlq', query);
  }

  deadLetter(id: number) {
    return this.call<DeadLetterDetail>('order-ingestion', {
      method: 'GET',
      path: `/v1/ops/dlq/${id}`,
    });
  }

  replayDeadLetters(body: { ids?: number[]; filter?: Query; dryRun: boolean }) {
    return this.call<DlqReplayAnswer>('order-ingestion', {
      method: 'POST',
      path: '/v1/ops/dlq:replay',
      body,
    });
  }

  /** Re-deliver (or, dry run, list) a window of a stream; any service serves it, as the DLQ. */
  replayStream(body: Record<string, string | number | boolean>) {
    return this.call<StreamReplayAnswer>('order-ingestion', {
      method: 'POST',
      path: '/v1/ops/replay',
      body,
    });
  }

  inventoryReconciliation(query: Query) {
    return this.call<InventoryDriftReport>('inventory', {
      method: 'GET',
      path: '/v1/reconciliation/erp',
      query,
    });
  }

  refundReconciliation(query: { from: string; to: string }) {
    return this.call<RefundDriftReport>('returns', {
      method: 'GET',
      path: '/v1/reconciliation/refunds',
      query,
    });
  }

  reconcileChannel(channel: string, body: { from: string; to: string; dryRun: boolean }) {
    return this.call<ChannelReconcileReport>('channel-sync', {
      method: 'POST',
      path: `/v1/channels/${encodeURIComponent(channel)}/reconcile`,
      body,
    });
  }

  channels() {
    return this.call<ChannelAccount[] | { items: ChannelAccount[] }>('channel-sync', {
      method: 'GET',
      path: '/v1/channels',
    });
  }

  /** A service's Prometheus text (public route; the platform client speaks JSON only). */
  async metrics(service: ServiceName): Promise<string> {
    const url = new URL('/metrics', this.config.baseUrls[service]);
    const res = await platformFetch(url.toString(), {
      signal: AbortSignal.timeout(this.config.timeoutMs),
    });
    if (!res.ok) throw new Error(`${service}: /metrics answered ${res.status}`);
    return res.text();
  }
}
