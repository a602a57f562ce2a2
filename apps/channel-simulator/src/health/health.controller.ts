import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { MetricsService } from './metrics.service';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** State is in process memory: nothing to depend on, ready once listening (ADR 0019). */
  @Get('health/ready')
  ready() {
    return { status: 'ok', checks: {} };
  }

  @Get('metrics')
  @HttpCode(200)
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiExcludeEndpoint()
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
