import { Injectable } from '@nestjs/common';
import { ChannelSyncException } from '../../common/channel-sync.exception';
import { ChannelClients } from '../../channels/channel-clients';
import type { ChannelName } from '../../config/channel-catalogue';
import { type ForwardOutcome, OrderForwarder } from '../forward/order-forwarder';

export interface NotifyResult {
  channel: ChannelName;
  channelOrderId: string;
  outcome: ForwardOutcome;
}

/**
 * Fetch-on-notify: a thin webhook names an order; the whole order is fetched from the channel
 * and forwarded. Any failure answers 503 so the channel delivers the webhook again (and the
 * scheduled pull closes the gap meanwhile).
 */
@Injectable()
export class NotifyHandler {
  constructor(
    private readonly clients: ChannelClients,
    private readonly forwarder: OrderForwarder,
  ) {}

  async execute(channel: ChannelName, channelOrderId: string): Promise<NotifyResult> {
    const configured = this.clients.get(channel);
    try {
      const ref = await configured.client.fetchOrder(channelOrderId);
      if (!ref) throw new Error(`order ${channelOrderId} not found in ${channel} (yet)`);
      const outcome = await this.forwarder.forward(configured, ref, 'webhook');
      return { channel, channelOrderId, outcome };
    } catch (err) {
      throw new ChannelSyncException(
        'channel-unavailable',
        503,
        `${channel} order ${channelOrderId} not forwarded: ${(err as Error).message}`,
        true,
      );
    }
  }
}
