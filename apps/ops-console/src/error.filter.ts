import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  DependencyAuthError,
  DependencyRejectedError,
  isDependencyError,
} from '@retail/platform-http-client';
import { pageContext, type ConsoleRequest } from './auth/operator';
import { html } from './views/html';
import { layout } from './views/layout';

/** What the operator reads when a service refuses or fails (the key never shows). */
function describe(error: unknown): { status: number; message: string } {
  if (error instanceof DependencyAuthError)
    return {
      status: 502,
      message: `${error.dependency} refuses the console's key: ask an administrator to check SERVICE_API_KEY.`,
    };
  if (error instanceof DependencyRejectedError) {
    const status = error.status === 404 ? 404 : 409;
    return { status, message: `${error.dependency} refused: ${error.detail}` };
  }
  if (isDependencyError(error))
    return { status: 502, message: `${error.dependency} is unavailable: ${error.detail}` };
  if (error instanceof HttpException) return { status: error.getStatus(), message: error.message };
  return { status: 500, message: 'Something went wrong in the console; see its log.' };
}

/** Every failure becomes a page inside the console's frame, never a stack trace. */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<ConsoleRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, message } = describe(error);
    if (status >= 500) this.logger.warn(`${request.url}: ${(error as Error).message}`);
    const ctx = { ...pageContext(request), error: message };
    void reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        layout(
          status === 404 ? 'Not found' : 'Could not complete',
          ctx,
          html`<p><a href="/">Back to the overview</a></p>`,
        ),
      );
  }
}
