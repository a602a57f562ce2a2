import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { OpsConsoleConfig } from '../config/env';
import { CONSOLE_CONFIG } from '../tokens';
import { html } from '../views/html';
import { layout } from '../views/layout';
import { verifyPassword } from './password';
import { SessionCodec } from './session';
import { sessionCookie } from './session.hooks';

/** Only same-site paths after login (no open redirect). */
const safeNext = (next?: string) =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

function loginPage(next: string, error?: string, hint?: string) {
  return layout(
    'Sign in',
    { path: '/login', error },
    html`<form class="login" method="post" action="/login">
      <input type="hidden" name="next" value="${next}" />
      <label for="username"
        >User name
        <input id="username" name="username" autocomplete="username" required autofocus />
      </label>
      <label for="password"
        >Password
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
      </label>
      <button type="submit">Sign in</button>
      ${hint ? html`<p class="muted">${hint}</p>` : ''}
    </form>`,
  );
}

@Controller()
export class LoginController {
  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: OpsConsoleConfig,
    private readonly sessions: SessionCodec,
  ) {}

  private get hint() {
    const local = this.config.localOperator;
    return local
      ? `Local run: user "${local}", password "${local}" (OPS_CONSOLE_USERS unset).`
      : undefined;
  }

  @Get('login')
  page(@Query('next') next?: string) {
    return loginPage(safeNext(next), undefined, this.hint);
  }

  @Post('login')
  async login(
    @Body() body: { username?: string; password?: string; next?: string },
    @Res() reply: FastifyReply,
  ) {
    const user = String(body?.username ?? '');
    const stored = this.config.users.get(user);
    const ok = stored !== undefined && (await verifyPassword(String(body?.password ?? ''), stored));
    const next = safeNext(body?.next);
    if (!ok)
      return reply
        .code(401)
        .type('text/html; charset=utf-8')
        .send(loginPage(next, 'Unknown user name or wrong password.', this.hint));
    const cookie = this.sessions.issue(user);
    return reply
      .header(
        'set-cookie',
        sessionCookie(cookie, this.config.sessionTtlMs / 1000, this.config.production),
      )
      .redirect(next, 303);
  }

  @Post('logout')
  logout(@Res() reply: FastifyReply) {
    return reply
      .header('set-cookie', sessionCookie('', 0, this.config.production))
      .redirect('/login', 303);
  }
}
