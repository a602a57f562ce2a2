import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits per API key (per client IP for unauthenticated calls). */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const key = req.headers?.['x-api-key'];
    return typeof key === 'string' ? `key:${key}` : `ip:${req.ip}`;
  }
}
