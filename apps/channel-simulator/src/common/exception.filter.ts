import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ChannelHttpError } from './channel-http.error';
import { statusText } from './vendor-errors';

/**
 * Vendor routes answer in their vendor's format (already rendered in ChannelHttpError); admin
 * routes and anything unexpected answer RFC 9457 problem+json.
 */
@Catch()
export class SimulatorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('SimulatorExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (exception instanceof ChannelHttpError) {
      void reply.status(exception.status).headers(exception.headers).send(exception.body);
      return;
    }
    const { status, detail, errors } = describe(exception);
    if (status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply
      .status(status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: statusText(status),
        status,
        detail,
        instance: request.url,
        ...(errors ? { errors } : {}),
      });
  }
}

function describe(exception: unknown): { status: number; detail: string; errors?: string[] } {
  if (!(exception instanceof HttpException)) return { status: 500, detail: 'unexpected error' };
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response && 'message' in response
      ? (response as { message: unknown }).message
      : exception.message;
  if (Array.isArray(message))
    return {
      status: exception.getStatus(),
      detail: message.join('; '),
      errors: message.map(String),
    };
  return { status: exception.getStatus(), detail: String(message) };
}
