import { createHash } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErpAdapter, ErpCustomer } from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import type { OrderState } from '../domain/order-state';
import { ERP_ADAPTER } from '../ports/erp.port';

const SAFE = /^[A-Za-z0-9_-]{1,200}$/;
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const part = (text: string) => (SAFE.test(text) ? text : digest(text));

/**
 * The ERP customer of an order's buyer (ADR 0041). The buyer's key is the middleware's customer
 * (master-data matched it by e-mail and channel identity), else the channel identity, else the
 * e-mail; the ERP finds the customer by that key or by e-mail, or creates it. The ERP's id is
 * remembered per key, so a returning buyer costs no ERP call. A buyer with nothing to key on
 * (a guest without e-mail) is ERP_DEFAULT_CUSTOMER_ID.
 */
@Injectable()
export class ErpCustomers {
  constructor(
    @Inject(ERP_ADAPTER) private readonly erp: ErpAdapter,
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    private readonly db: DataSource,
  ) {}

  async customerId(order: OrderState, ctx: { correlationId: string }): Promise<string> {
    const customer = erpCustomerOf(order);
    if (!customer) return this.config.env.ERP_DEFAULT_CUSTOMER_ID;
    const [known] = await this.db.query(
      `SELECT erp_customer_id FROM erp_customers WHERE external_id = $1`,
      [customer.externalId],
    );
    if (known) return known.erp_customer_id as string;
    const found = await this.erp.findOrCreateCustomer(customer, ctx);
    await this.db.query(
      `INSERT INTO erp_customers (external_id, erp_customer_id, matched_by) VALUES ($1, $2, $3)
       ON CONFLICT (external_id) DO NOTHING`,
      [customer.externalId, found.customerId, found.matchedBy],
    );
    return found.customerId;
  }
}

export function erpCustomerOf(order: OrderState): ErpCustomer | undefined {
  const buyer = order.order.customer ?? {};
  const email = buyer.email?.trim().toLowerCase();
  const key = order.customerId
    ? `cust_${part(order.customerId)}`
    : buyer.channelCustomerId
      ? `cust_${part(order.channel)}_${part(buyer.channelCustomerId)}`
      : email
        ? `cust_email_${digest(email)}`
        : undefined;
  if (!key) return undefined;
  return {
    externalId: key,
    ...(email ? { email } : {}),
    ...(buyer.name ? { name: buyer.name } : {}),
    ...(buyer.phone ? { phone: buyer.phone } : {}),
    channel: order.channel,
    ...(buyer.channelCustomerId ? { channelCustomerId: buyer.channelCustomerId } : {}),
  };
}
