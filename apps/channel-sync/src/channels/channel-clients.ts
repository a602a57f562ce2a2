import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { ChannelSyncException } from '../common/channel-sync.exception';
import type { ChannelAccount } from '../config/accounts';
import type { ChannelName } from '../config/channel-catalogue';
import type { ChannelSyncConfig } from '../config/env';
import type { ChannelClient } from './channel-client';
import type { ChannelOutbound } from './channel-outbound';
import { AdobeCommerceClient } from './clients/adobe-commerce.client';
import { AmazonClient } from './clients/amazon.client';
import { BigCommerceClient } from './clients/bigcommerce.client';
import { SalesforceCommerceClient } from './clients/salesforce-commerce.client';
import { ShopifyClient } from './clients/shopify.client';
import { SquareClient } from './clients/square.client';
import { ChannelHttp } from './http/channel-http';
import { RateLimitStore } from './persistence/rate-limit.store';

const FACTORIES: Record<ChannelName, (http: ChannelHttp) => ChannelClient & ChannelOutbound> = {
  shopify: (http) => new ShopifyClient(http),
  amazon: (http) => new AmazonClient(http),
  'adobe-commerce': (http) => new AdobeCommerceClient(http),
  bigcommerce: (http) => new BigCommerceClient(http),
  'salesforce-commerce': (http) => new SalesforceCommerceClient(http),
  square: (http) => new SquareClient(http),
};

export interface ConfiguredChannel {
  account: ChannelAccount;
  client: ChannelClient & ChannelOutbound;
}

/** The configured accounts, each with its API client (one client, one budget per account). */
@Injectable()
export class ChannelClients {
  private readonly byChannel = new Map<string, ConfiguredChannel>();

  constructor(@Inject(SERVICE_CONFIG) config: ChannelSyncConfig, limits: RateLimitStore) {
    for (const account of config.accounts) {
      const http = new ChannelHttp(account, limits, config.env.CHANNEL_SYNC_HTTP_TIMEOUT_MS);
      this.byChannel.set(account.channel, { account, client: FACTORIES[account.channel](http) });
    }
  }

  all(): ConfiguredChannel[] {
    return [...this.byChannel.values()];
  }

  /** The account of `channel`, or 404 problem when none is configured. */
  get(channel: string): ConfiguredChannel {
    const found = this.byChannel.get(channel);
    if (!found) throw ChannelSyncException.unknownChannel(channel);
    return found;
  }
}
