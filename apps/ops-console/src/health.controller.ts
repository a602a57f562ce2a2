import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';
import { CONSOLE_CSS } from './views/styles';

/**
 * Liveness, readiness, metrics and the stylesheet. Ready means the console can serve pages: it
 * holds no state, so readiness does not depend on the services (a service that is down shows as
 * such on the pages instead of taking the console out of its Service).
 */
@Controller()
export class HealthController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  ready() {
    return { status: 'ok' };
  }

  @Get('metrics')
  async metrics(@Res() reply: FastifyReply) {
    return reply.type(register.contentType).send(await register.metrics());
  }

  @Get('assets/console.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  css() {
    return CONSOLE_CSS;
  }
}
