import { ProblemException } from '@retail/platform-http';
import type { ChannelRequest } from '../channel-types';

/** A channel request as the route builds it: raw bytes plus the parsed payload. */
export function channelRequest(
  payload: unknown,
  headers: Record<string, string> = {},
  rawBody: Buffer = Buffer.from(JSON.stringify(payload)),
): ChannelRequest {
  return { headers, rawBody, payload };
}

/** Deep copy of a fixture, so a test can alter it freely. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Runs `fn` and returns the ProblemException it throws (fails the test otherwise). */
export function problemOf(fn: () => unknown): ProblemException {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a ProblemException');
}
