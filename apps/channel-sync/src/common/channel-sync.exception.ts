import { DomainException } from '@retail/platform-http';

export type ChannelSyncErrorCode =
  | 'unknown-channel'
  | 'pull-in-progress'
  | 'channel-unavailable'
  | 'orders-unavailable'
  | 'invalid-window'
  | 'invalid-signature'
  | 'webhook-not-configured';

/** Every error channel-sync raises on purpose; rendered as problem+json. */
export class ChannelSyncException extends DomainException {
  constructor(code: ChannelSyncErrorCode, status: number, detail: string, retryable = false) {
    super(code, status, detail, { retryable });
  }

  static unknownChannel(channel: string): ChannelSyncException {
    return new ChannelSyncException(
      'unknown-channel',
      404,
      `No channel account "${channel}" is configured (CHANNEL_ACCOUNTS)`,
    );
  }
}
