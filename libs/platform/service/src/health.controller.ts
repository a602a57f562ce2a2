import { Controller, Get, Inject, Optional, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@retail/platform-http';
import { ServiceDependencies } from './service-dependencies';

/** Extra readiness checks contributed by other modules (NATS, read models ...). */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/**
 * Liveness never touches a dependency (a database outage must not become a restart storm);
 * readiness checks PostgreSQL, NATS and that every service we call accepts our key. A service
 * we call that is merely unreachable is shown `down` but leaves us ready (its own probe says
 * so; cascading would take every caller out with it). See ADR 0014.
 */
@ApiExcludeController()
@SkipThrottle()
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly dependencies: ServiceDependencies,
    @Optional() @Inject(READINESS_CHECKS) private readonly extra: HealthIndicatorFunction[] = [],
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      ...(this.extra ?? []),
      ...(this.dependencies.names.length > 0 ? [() => this.dependencyKeys()] : []),
    ]);
  }

  private async dependencyKeys() {
    const checks = await this.dependencies.checks();
    const details = Object.fromEntries(
      checks.map(({ dependency, ...check }) => [
        dependency,
        { ...check, status: check.status === 'accepted' ? 'up' : check.status },
      ]),
    );
    const check = this.indicator.check('dependencies');
    return checks.some((c) => c.status === 'refused') ? check.down(details) : check.up(details);
  }
}
