import { AdobeCommerceAdapter } from './adobe-commerce.adapter';
import { AmazonAdapter } from './amazon.adapter';
import { BigCommerceAdapter } from './bigcommerce.adapter';
import { CHANNEL_NAMES, ChannelAdapter, ChannelName } from './channel-types';
import { SalesforceCommerceAdapter } from './salesforce-commerce.adapter';
import { ShopifyAdapter } from './shopify.adapter';
import { SquareAdapter } from './square.adapter';

export type {
  CanonicalOrderDraft,
  ChannelAdapter,
  ChannelName,
  ChannelOrderLine,
  ChannelRequest,
  ChannelSecrets,
  MappedChannelOrder,
} from './channel-types';
export { CHANNEL_NAMES } from './channel-types';

/** One stateless adapter per channel with a native route `POST /v1/channels/<channel>/orders`. */
export const CHANNEL_ADAPTERS: Readonly<Record<ChannelName, ChannelAdapter>> = Object.freeze({
  shopify: new ShopifyAdapter(),
  amazon: new AmazonAdapter(),
  'adobe-commerce': new AdobeCommerceAdapter(),
  bigcommerce: new BigCommerceAdapter(),
  'salesforce-commerce': new SalesforceCommerceAdapter(),
  square: new SquareAdapter(),
});

/** Narrows a route parameter to a channel with an adapter. */
export function isChannelName(value: string): value is ChannelName {
  return (CHANNEL_NAMES as readonly string[]).includes(value);
}
