/**
 * The services that consume `retail.masterdata.v1.customer.erased` and confirm (the others with
 * a `customer-erasure.completed` event; master-data, which erases its events from the streams,
 * records its own): an erasure is complete once each of them has. The one list of them
 * (ADR 0035); add a service here when it starts consuming `customer.erased`. Inventory stores
 * no personal data and is not waited for.
 */
export const ERASURE_SERVICES: readonly string[] = [
  'master-data',
  'order-ingestion',
  'returns',
  'channel-sync',
];

/** One service's confirmation, as recorded. */
export interface ErasureCompletion {
  service: string;
  completedAt: string;
  ordersErased?: number;
}

export interface ServiceErasure {
  service: string;
  status: 'completed' | 'pending';
  completedAt: string | null;
  ordersErased?: number;
}

export interface ErasureProgress {
  customerId: string;
  requestedAt: string;
  services: ServiceErasure[];
  complete: boolean;
}

/**
 * Progress of one erasure: every expected service, completed or pending, then any other service
 * that confirmed (it counts as done but is not waited for).
 */
export function erasureProgress(
  customerId: string,
  requestedAt: string,
  completions: readonly ErasureCompletion[],
  expected: readonly string[] = ERASURE_SERVICES,
): ErasureProgress {
  const byService = new Map(completions.map((c) => [c.service, c]));
  const names = [
    ...expected,
    ...completions.map((c) => c.service).filter((s) => !expected.includes(s)),
  ];
  const services = names.map((service): ServiceErasure => {
    const done = byService.get(service);
    if (!done) return { service, status: 'pending', completedAt: null };
    return {
      service,
      status: 'completed',
      completedAt: done.completedAt,
      ...(done.ordersErased !== undefined ? { ordersErased: done.ordersErased } : {}),
    };
  });
  const complete = expected.every((s) => byService.has(s));
  return { customerId, requestedAt, services, complete };
}
