import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProblemException } from '@retail/platform-http';

/** base64(HMAC-SHA256(key, message)). */
export function hmacSha256Base64(key: string, message: Buffer): string {
  return createHmac('sha256', key).update(message).digest('base64');
}

/**
 * True when `provided` equals the signature of `message` under one of `keys` (a comma-separated
 * list, so the old secret keeps working while a rotation propagates). Constant-time per key.
 */
export function signatureMatches(keys: string, message: Buffer, provided: string): boolean {
  const candidates = keys
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const given = Buffer.from(provided, 'utf8');
  return candidates
    .map((key) => Buffer.from(hmacSha256Base64(key, message), 'utf8'))
    .some((expected) => expected.length === given.length && timingSafeEqual(expected, given));
}

/** The 401 every channel answers for a missing or wrong signature. */
export function invalidSignature(detail: string): ProblemException {
  return new ProblemException(401, 'invalid-signature', detail);
}
