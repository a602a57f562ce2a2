/** The channel could not be reached or failed (network, timeout, 5xx, throttled too long). */
export class ChannelUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly channel: string,
    detail: string,
    /** The channel's Retry-After on a 503, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`${channel} API unavailable: ${detail}`);
    this.name = 'ChannelUnavailableError';
  }
}

/** The channel refused the call (4xx other than 404 and 429): credentials or request wrong. */
export class ChannelRejectedError extends Error {
  readonly retryable = false;
  constructor(
    readonly channel: string,
    readonly status: number,
    detail: string,
    /** The channel's answer (body), kept for the dead letter. */
    readonly answer = '',
  ) {
    super(`${channel} API refused the call: HTTP ${status} ${detail}`);
    this.name = 'ChannelRejectedError';
  }
}
