import { html, SafeHtml } from './html';

export interface PageContext {
  user?: string;
  csrf?: string;
  /** The path of the page, to mark the current nav item. */
  path: string;
  notice?: string;
  error?: string;
}

const NAV: Array<[string, string]> = [
  ['/', 'Overview'],
  ['/orders', 'Orders'],
  ['/returns', 'Returns'],
  ['/dead-letters', 'Dead letters'],
  ['/replay', 'Replay'],
  ['/reconciliation', 'Reconciliation'],
  ['/trace', 'Trace'],
];

function nav(ctx: PageContext) {
  const current = (path: string) =>
    path === '/' ? ctx.path === '/' : ctx.path === path || ctx.path.startsWith(`${path}/`);
  return html`<nav aria-label="Main">
    <ul>
      ${NAV.map(
        ([path, label]) =>
          html`<li>
            <a href="${path}" ${current(path) ? new SafeHtml('aria-current="page"') : ''}
              >${label}</a
            >
          </li>`,
      )}
    </ul>
  </nav>`;
}

/** The page frame: landmarks, skip link, navigation, the signed-in operator and sign-out. */
export function layout(title: string, ctx: PageContext, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Retail ops console</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">Retail ops console</span>
          ${ctx.user ? nav(ctx) : ''}
          ${
            ctx.user
              ? html`<form class="signout" method="post" action="/logout">
                  <input type="hidden" name="_csrf" value="${ctx.csrf}" />
                  <span>Signed in as <strong>${ctx.user}</strong></span>
                  <button type="submit">Sign out</button>
                </form>`
              : ''
          }
        </header>
        <main id="main">
          <h1>${title}</h1>
          ${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ''}
          ${ctx.error ? html`<p class="error" role="alert">${ctx.error}</p>` : ''} ${body}
        </main>
      </body>
    </html>`.value;
}

/** A hidden CSRF field for a form. */
export const csrfField = (ctx: PageContext) =>
  html`<input type="hidden" name="_csrf" value="${ctx.csrf}" />`;

/** A status as a badge (text, not colour alone, carries the meaning). */
export const badge = (status: string) =>
  html`<span class="badge badge-${status.replace(/[^a-z_-]/g, '')}">${status}</span>`;
