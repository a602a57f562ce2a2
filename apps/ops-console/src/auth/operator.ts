import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { PageContext } from '../views/layout';

/** The signed-in operator, set on the request by the session hook. */
export interface Operator {
  user: string;
  csrf: string;
}

export interface ConsoleRequest {
  operator?: Operator;
  url: string;
}

/** The page context of the request: operator, CSRF token and path. */
export const Page = createParamDecorator((_data: unknown, ctx: ExecutionContext): PageContext => {
  const request = ctx.switchToHttp().getRequest<ConsoleRequest>();
  return pageContext(request);
});

export function pageContext(request: ConsoleRequest): PageContext {
  return {
    user: request.operator?.user,
    csrf: request.operator?.csrf,
    path: request.url.split('?')[0],
  };
}
