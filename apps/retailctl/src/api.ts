import { randomUUID } from 'node:crypto';
import {
  ServiceClient,
  type ReplyHeaders,
  type ServiceRequest,
} from '@retail/platform-http-client';

/** The services retailctl talks to, with the variables that override their base URLs. */
const SERVICES = {
  'order-ingestion': ['ORDERS_BASE_URL', 'http://127.0.0.1:3001'],
  inventory: ['INVENTORY_BASE_URL', 'http://127.0.0.1:3002'],
  returns: ['RETURNS_BASE_URL', 'http://127.0.0.1:3003'],
} as const;
export type Service = keyof typeof SERVICES;

export interface ApiOptions {
  /** An admin key (RETAIL_API_KEY); `local-admin-key` when unset (a local `npm start`). */
  apiKey: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * The services' public APIs through the platform's ServiceClient, one correlation id per
 * invocation (`retailctl-<uuid>`, printed with --verbose) so an operator's actions can be traced.
 */
export class Api {
  readonly correlationId = `retailctl-${randomUUID()}`;
  private readonly clients = new Map<Service, ServiceClient>();

  constructor(options: ApiOptions) {
    for (const [name, [variable, fallback]] of Object.entries(SERVICES) as [
      Service,
      readonly [string, string],
    ][])
      this.clients.set(
        name,
        new ServiceClient({
          dependency: name,
          baseUrl: options.env[variable] || fallback,
          apiKey: options.apiKey,
          timeoutMs: options.timeoutMs,
        }),
      );
  }

  async send<T>(
    service: Service,
    request: ServiceRequest,
  ): Promise<{ body: T; headers: ReplyHeaders }> {
    const response = await this.clients
      .get(service)!
      .send<T>({ correlationId: this.correlationId, ...request });
    return { body: response.body as T, headers: response.headers };
  }

  async get<T>(service: Service, path: string, query?: ServiceRequest['query']): Promise<T> {
    return (await this.send<T>(service, { method: 'GET', path, query })).body;
  }

  async post<T>(service: Service, path: string, body?: unknown): Promise<T> {
    return (await this.send<T>(service, { method: 'POST', path, body })).body;
  }
}
