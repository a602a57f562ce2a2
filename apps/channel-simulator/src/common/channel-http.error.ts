/**
 * An answer in a vendor's own error format (body and headers already rendered), thrown from a
 * gate or handler and sent as it is by the exception filter.
 */
export class ChannelHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`channel answered ${status}`);
    this.name = 'ChannelHttpError';
  }
}
