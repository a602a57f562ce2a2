import { Injectable } from '@nestjs/common';
import type { CustomerMatchRequest } from '@retail/contracts';
import type { OrderState } from '../../domain/order-state';
import { CustomerMatcherPort } from '../../ports/customer-matcher.port';
import type { StepHandler, StepResult } from '../step-handler';

/**
 * Customer matching through master-data. Optional by design: when master-data is down or
 * cannot match, the order continues without a customerId (the ERP gets the guest customer).
 */
@Injectable()
export class CustomerStep implements StepHandler {
  readonly step = 'customer' as const;

  constructor(private readonly matcher: CustomerMatcherPort) {}

  async run(order: OrderState): Promise<StepResult> {
    const customer = order.order.customer;
    if (customer.customerId) return { next: 'skus' };
    const match = await this.matcher.match(matchRequest(order), order.correlationId);
    if (!match) {
      const note = { field: 'customer.customerId', note: 'not matched; continuing without' };
      return { next: 'skus', transformations: [note] };
    }
    const updated = { ...order.order, customer: { ...customer, customerId: match.customerId } };
    return {
      next: 'skus',
      transformations: [
        { field: 'customer.customerId', to: match.customerId, matchedBy: match.matchedBy },
      ],
      persist: async (m) => {
        await m.query(`UPDATE orders SET customer_id = $2, "order" = $3::jsonb WHERE id = $1`, [
          order.id,
          match.customerId,
          JSON.stringify(updated),
        ]);
      },
    };
  }
}

function matchRequest(order: OrderState): CustomerMatchRequest {
  const customer = order.order.customer;
  return {
    channel: order.channel,
    ...(customer.channelCustomerId ? { channelCustomerId: customer.channelCustomerId } : {}),
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(customer.name ? { name: customer.name } : {}),
  };
}
