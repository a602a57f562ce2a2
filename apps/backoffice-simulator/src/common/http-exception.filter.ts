import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorItem, NETSUITE_ERROR_TYPE, PROBLEM_TYPE, netSuiteError, problem } from './problem';
import { DropConnectionError, SimulatorHttpError } from './simulator-http.error';

interface Rendered {
  status: number;
  code: string;
  errors: ErrorItem[];
  headers: Record<string, string>;
}

/** One mapper for every error; the route prefix picks NetSuite's or the RFC 9457 format. */
@Catch()
export class SimulatorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('SimulatorExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof DropConnectionError) {
      reply.hijack();
      reply.raw.destroy();
      return;
    }
    const rendered = this.render(exception);
    const correlationId = String(reply.getHeader('x-correlation-id') ?? '');
    const isErp = request.url.startsWith('/services/rest/');
    const body = isErp
      ? netSuiteError(rendered.status, rendered.code, rendered.errors)
      : problem(rendered.status, rendered.code, rendered.errors, correlationId || undefined);
    void reply
      .status(rendered.status)
      .headers(rendered.headers)
      .type(isErp ? NETSUITE_ERROR_TYPE : PROBLEM_TYPE)
      .send(body);
  }

  private render(exception: unknown): Rendered {
    if (exception instanceof SimulatorHttpError) {
      const error = { message: exception.detail, field: exception.field };
      return {
        status: exception.status,
        code: exception.code,
        errors: [error],
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) return renderHttpException(exception);
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return {
      status: 500,
      code: 'UNEXPECTED_ERROR',
      errors: [{ message: 'unexpected error' }],
      headers: {},
    };
  }
}

function renderHttpException(exception: HttpException): Rendered {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const messages =
    typeof response === 'object' && response && 'message' in response
      ? (response as { message: unknown }).message
      : exception.message;
  // ValidationPipe answers an array of "<property path> <constraint>" messages.
  const errors = Array.isArray(messages)
    ? messages.map((message) => ({
        message: String(message),
        field: String(message).split(' ')[0],
      }))
    : [{ message: String(messages) }];
  const code = status === 400 ? 'USER_ERROR' : `HTTP_${status}`;
  return { status, code, errors, headers: {} };
}
