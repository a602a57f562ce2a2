import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FastifyReply, FastifyRequest } from 'fastify';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Accepts the caller's correlation id or makes one, and echoes it on the response. */
export function correlationIdOf(request: FastifyRequest): string {
  const header = request.headers[CORRELATION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.length <= 200 ? value : randomUUID();
}

export function echoCorrelationId(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header(CORRELATION_HEADER, correlationIdOf(request));
}

/** The correlation id of the request (as echoed on the response). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const reply = ctx.switchToHttp().getResponse<FastifyReply>();
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return String(reply.getHeader(CORRELATION_HEADER) ?? correlationIdOf(request));
});

/** `http://host:port` as the caller addressed us, for Location headers and links. */
export const BaseUrl = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
});
