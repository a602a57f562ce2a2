import type { ChannelSecrets } from '../../channels/channel-types';
import type { OrderIngestionConfig } from '../../config/env';

export function channelSecrets(config: OrderIngestionConfig): ChannelSecrets {
  const env = config.env;
  return {
    shopifyWebhookSecret: env.SHOPIFY_WEBHOOK_SECRET,
    squareSignatureKey: env.SQUARE_WEBHOOK_SIGNATURE_KEY,
    squareNotificationUrl: env.SQUARE_WEBHOOK_NOTIFICATION_URL,
  };
}
