import {
  ErpAdapter,
  ErpBillingDocument,
  ErpCustomer,
  ErpItemFulfillment,
  ErpSalesOrder,
  ErpUnavailableError,
  ErpNotFoundError,
} from '@retail/backoffice-adapters';
import type { ReservationRequest, ReservationResult } from '@retail/contracts';
import { CatalogChange, CatalogPort, CatalogProduct } from '../../src/orders/ports/catalog.port';
import { CustomerMatcherPort } from '../../src/orders/ports/customer-matcher.port';
import { InventoryPort } from '../../src/orders/ports/inventory.port';

/** In-memory master data; `publish()` stands for a product.changed event reaching the read model. */
export class FakeCatalog extends CatalogPort {
  readonly products = new Map<string, CatalogProduct>();
  readonly mappings = new Map<string, string>();
  private listeners: Array<(c: CatalogChange) => void> = [];

  async getProducts(skus: readonly string[]) {
    return new Map(
      skus.filter((s) => this.products.has(s)).map((s) => [s, this.products.get(s)!] as const),
    );
  }
  /** Same rule as the read model: the mapping when it names a known product, else the SKU. */
  async resolveSkus(channel: string, given: readonly string[]) {
    const known = new Map<string, string>();
    for (const g of given) {
      const mapped = this.mappings.get(`${channel}/${g}`);
      const sku = [mapped, g].find((c) => c !== undefined && this.products.has(c));
      if (sku) known.set(g, sku);
    }
    return known;
  }
  onChange(listener: (c: CatalogChange) => void) {
    this.listeners.push(listener);
  }
  publish(sku: string) {
    this.products.set(sku, { sku, erpItemId: `item-${sku}`, status: 'active' });
    this.listeners.forEach((l) => l({ entity: 'product', key: sku }));
  }
}

export class FakeInventory extends InventoryPort {
  readonly reservations = new Map<string, ReservationRequest & { released: boolean }>();
  /** SKUs with no stock: reservations come back backordered. */
  readonly outOfStock = new Set<string>();

  /** When set, every call throws it (inventory down, or refusing us). */
  failing?: Error;

  async reserve(request: ReservationRequest): Promise<ReservationResult> {
    if (this.failing) throw this.failing;
    const id = `res-${request.orderId}.${request.lineId}`;
    if (!this.reservations.has(id)) this.reservations.set(id, { ...request, released: false });
    const backordered = this.outOfStock.has(request.sku);
    return {
      reservationId: id,
      status: backordered ? 'backordered' : 'reserved',
      allocations: backordered ? [] : [{ locationId: 'dc-1', quantity: request.quantity }],
    };
  }
  async release(reservationId: string) {
    const r = this.reservations.get(reservationId);
    if (r) r.released = true;
  }
}

export class FakeCustomers extends CustomerMatcherPort {
  /** When set, every call throws it (master-data down, or refusing us). */
  failing?: Error;

  async match() {
    if (this.failing) throw this.failing;
    return { refused: 'master-data refused (422): the fake matches nobody' };
  }
}

/** A keyed ERP: upserts by external id, counts creations and the peak of concurrent calls. */
export class FakeErp implements Partial<ErpAdapter> {
  readonly kind = 'fake';
  readonly salesOrders = new Map<string, ErpSalesOrder>();
  readonly cancelled = new Set<string>();
  down = false;
  latencyMs = 5;
  calls = 0;
  /** When each call started (ms). */
  readonly startedAt: number[] = [];
  inFlight = 0;
  peak = 0;

  async upsertSalesOrder(order: ErpSalesOrder) {
    return this.guarded(() => {
      const created = !this.salesOrders.has(order.externalId);
      this.salesOrders.set(order.externalId, order);
      return { salesOrderId: `so-${order.externalId}`, created };
    });
  }

  async cancelSalesOrder(externalId: string) {
    return this.guarded(() => {
      if (!this.salesOrders.has(externalId)) throw new ErpNotFoundError('erp', 'no such', 404);
      this.cancelled.add(externalId);
      return { cancelled: true };
    });
  }

  /** ERP customers by external id; not counted in `calls` (sales orders are what tests count). */
  readonly customers = new Map<string, string>();
  readonly postings = new Map<string, string>();

  async findOrCreateCustomer(customer: ErpCustomer) {
    if (this.down) throw new ErpUnavailableError('erp', 'HTTP 503', false, 503);
    const known = this.customers.get(customer.externalId);
    if (known) return { customerId: known, matchedBy: 'externalId' as const };
    const customerId = `erp-cust-${this.customers.size + 1}`;
    this.customers.set(customer.externalId, customerId);
    return { customerId, matchedBy: 'created' as const };
  }

  async createItemFulfillment(fulfillment: ErpItemFulfillment) {
    return this.posting(fulfillment.externalId);
  }

  async createBillingDocument(doc: ErpBillingDocument) {
    return this.posting(doc.externalId);
  }

  private async posting(externalId: string) {
    if (this.down) throw new ErpUnavailableError('erp', 'HTTP 503', false, 503);
    const created = !this.postings.has(externalId);
    if (created) this.postings.set(externalId, `rec-${this.postings.size + 1}`);
    return { id: this.postings.get(externalId)!, created };
  }

  private async guarded<T>(fn: () => T): Promise<T> {
    this.calls++;
    this.startedAt.push(Date.now());
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    // A call that reaches a down ERP fails, even if the ERP is back before it would have answered.
    const down = this.down;
    try {
      await new Promise((r) => setTimeout(r, this.latencyMs));
      if (down) throw new ErpUnavailableError('erp', 'HTTP 503', false, 503);
      return fn();
    } finally {
      this.inFlight--;
    }
  }
}
