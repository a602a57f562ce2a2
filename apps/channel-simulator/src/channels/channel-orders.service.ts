import { Inject, Injectable } from '@nestjs/common';
import { SimulatorConfig } from '../config/env';
import { CLOCK, Clock, SIMULATOR_CONFIG } from '../config/tokens';
import { Catalog } from '../store/catalog';
import { OrderStore } from '../store/order.store';
import { WebhooksService } from '../webhooks/webhooks.service';
import { adobeOrders } from './adobe-commerce/adobe.orders';
import { amazonOrders } from './amazon/amazon.orders';
import { bigcommerceOrders } from './bigcommerce/bigcommerce.orders';
import { ChannelName, StoredOrder } from './channel';
import { ModelContext, OrderChange, OrderModel } from './order-model';
import { DEFAULT_SKUS, applyTemplate, orderSeed } from './order-seed';
import { salesforceOrders } from './salesforce-commerce/salesforce.orders';
import { shopifyOrders } from './shopify/shopify.orders';
import { squareOrders } from './square/square.orders';

const MODELS: Record<ChannelName, OrderModel<never>> = {
  shopify: shopifyOrders,
  amazon: amazonOrders,
  bigcommerce: bigcommerceOrders,
  'adobe-commerce': adobeOrders,
  'salesforce-commerce': salesforceOrders,
  square: squareOrders,
} as unknown as Record<ChannelName, OrderModel<never>>;

export interface SeedRequest {
  count?: number;
  orders?: Record<string, unknown>[];
  template?: Record<string, unknown>;
  skus?: string[];
  currency?: string;
}

/** Creates, changes and cancels channel orders: the one writer of the order store. */
@Injectable()
export class ChannelOrdersService {
  constructor(
    private readonly store: OrderStore,
    private readonly webhooks: WebhooksService,
    private readonly catalog: Catalog,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Generated orders (count, over skus) then the given native ones; returns the new ids. */
  seed(channel: ChannelName, request: SeedRequest): string[] {
    const model = this.model(channel);
    const now = new Date(this.clock());
    const created: StoredOrder<object>[] = [];
    for (let i = 0; i < (request.count ?? 0); i++) {
      const seed = orderSeed(
        this.store.nextNumber(channel),
        now,
        request.skus ?? DEFAULT_SKUS,
        request.currency,
      );
      const built = model.build(seed, this.context());
      const native = applyTemplate(built.native as object, request.template);
      created.push(this.store.add(channel, built.id, native, now.getTime()));
    }
    for (const native of request.orders ?? []) {
      const id = model.idOf(native)!;
      model.touch(native as never, now);
      created.push(this.store.add(channel, id, native, now.getTime()));
    }
    for (const order of created) this.notify(channel, 'created', order);
    return created.map((o) => o.id);
  }

  /** Ids of supplied native orders that lack an id or repeat a known one (to refuse them). */
  invalidNatives(channel: ChannelName, orders: Record<string, unknown>[]): string[] {
    const model = this.model(channel);
    const seen = new Set<string>();
    const problems: string[] = [];
    orders.forEach((native, i) => {
      const id = model.idOf(native);
      if (id === undefined) problems.push(`orders[${i}] has no ${channel} order id`);
      else if (seen.has(id) || this.store.has(channel, id))
        problems.push(`orders[${i}] id ${id} already exists`);
      else seen.add(id);
    });
    return problems;
  }

  /** A change made in the channel (or by an API call): bumps its last-modified time. */
  changed(channel: ChannelName, order: StoredOrder<object>, change: OrderChange = 'updated'): void {
    const now = this.clock();
    // Strictly later than before, so "updated since" pollers always see the change.
    order.updatedAt = Math.max(now, order.updatedAt + 1);
    this.model(channel).touch(order.native as never, new Date(order.updatedAt));
    this.model(channel).revise?.(order.native as never);
    this.notify(channel, change, order);
  }

  cancel(channel: ChannelName, order: StoredOrder<object>): void {
    this.model(channel).cancel(order.native as never, new Date(this.clock()));
    this.changed(channel, order, 'cancelled');
  }

  context(): ModelContext {
    return { credentials: this.config.credentials, catalog: this.catalog };
  }

  private notify(channel: ChannelName, change: OrderChange, order: StoredOrder<object>): void {
    const event = this.model(channel).webhook?.(
      change,
      order as StoredOrder<never>,
      this.context(),
    );
    if (event) this.webhooks.emit(channel, event);
  }

  private model(channel: ChannelName): OrderModel<never> {
    return MODELS[channel];
  }
}
