import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { isProduction, ServiceConfig } from '@retail/platform-config';
import { LOCAL_ADMIN_KEY } from '@retail/platform-http';
import { checkServiceKey, FetchFn, KeyCheck, ServiceClient } from '@retail/platform-http-client';

/** Another of our services this one calls: roster name and base URL (its `baseUrlEnv`). */
export interface DependencyTarget {
  name: string;
  baseUrl: string;
}

/**
 * How long a key check is trusted, so readiness probes do not hammer the dependencies. A check
 * that was not `accepted` (refused, or the dependency still starting) is redone sooner, so a
 * fixed key or a dependency that came up is seen within a probe or two.
 */
export const KEY_CHECK_TTL_MS = 15_000;
export const KEY_CHECK_RETRY_MS = 3_000;

/** This service's outgoing key; refuses (one clear line) a missing or default one in production. */
export function resolveServiceApiKey(config: ServiceConfig): string {
  const key = config.env.SERVICE_API_KEY;
  if (isProduction(config.env) && (!key || key === LOCAL_ADMIN_KEY)) {
    throw new Error(
      `SERVICE_API_KEY must be ${config.serviceName}'s own key in production ` +
        `(unset or ${LOCAL_ADMIN_KEY}); its callees list it as <key>=service in RETAIL_API_KEYS`,
    );
  }
  return key ?? LOCAL_ADMIN_KEY;
}

/**
 * One ServiceClient per dependency, all with our own key, and the check that each dependency
 * accepts that key: at start-up (logged) and for readiness (cached; a 401/403 seen at run time
 * drops the cache so the next probe reports it).
 */
export class ServiceDependencies implements OnApplicationBootstrap {
  private readonly logger = new Logger('ServiceDependencies');
  private readonly clients = new Map<string, ServiceClient>();
  private cached?: { at: number; ttl: number; checks: Promise<KeyCheck[]> };

  /** `fetch`: the HTTP call, scripted by unit specs (the platform's own by default). */
  constructor(config: ServiceConfig, targets: DependencyTarget[], fetch?: FetchFn) {
    const apiKey = targets.length > 0 ? resolveServiceApiKey(config) : LOCAL_ADMIN_KEY;
    for (const target of targets) {
      const client = new ServiceClient({
        dependency: target.name,
        baseUrl: target.baseUrl,
        apiKey,
        timeoutMs: config.env.SERVICE_CALL_TIMEOUT_MS,
        onAuthFailure: () => (this.cached = undefined),
        fetch,
      });
      this.clients.set(target.name, client);
    }
  }

  get names(): string[] {
    return [...this.clients.keys()];
  }

  client(name: string): ServiceClient {
    const client = this.clients.get(name);
    if (!client) throw new Error(`${name} is not a declared dependency of this service`);
    return client;
  }

  /** Whether each dependency accepts our key; one round of checks per TTL, shared by callers. */
  checks(now = Date.now()): Promise<KeyCheck[]> {
    if (!this.cached || now - this.cached.at > this.cached.ttl) {
      const checks = Promise.all([...this.clients.values()].map((c) => checkServiceKey(c)));
      const cached = { at: now, ttl: KEY_CHECK_TTL_MS, checks };
      void checks.then((results) => {
        if (results.some((r) => r.status !== 'accepted')) cached.ttl = KEY_CHECK_RETRY_MS;
      });
      this.cached = cached;
    }
    return this.cached.checks;
  }

  onApplicationBootstrap(): void {
    if (this.clients.size === 0) return;
    void this.checks().then((checks) => checks.forEach((check) => this.log(check)));
  }

  private log(check: KeyCheck): void {
    if (check.status === 'accepted')
      this.logger.log(`${check.dependency} accepts our key (scope ${check.scope ?? '?'})`);
    else if (check.status === 'refused')
      this.logger.error(`${check.dependency} refuses our key: not ready. ${check.reason}`);
    else this.logger.warn(`${check.dependency} unreachable at start-up: ${check.reason}`);
  }
}
