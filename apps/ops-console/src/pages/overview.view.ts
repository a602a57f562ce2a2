import { href, html, SafeHtml } from '../views/html';
import { layout, PageContext } from '../views/layout';
import type { Maybe, OverviewData } from './overview.controller';

const figure = (value: number | undefined, link?: string) => {
  const text = value === undefined ? 'n/a' : String(value);
  return link
    ? html`<a class="figure" href="${link}">${text}</a>`
    : html`<span class="figure">${text}</span>`;
};

function card<T>(title: string, data: Maybe<T>, body: (value: T) => SafeHtml) {
  return html`<section class="card" aria-labelledby="${slug(title)}">
    <h2 id="${slug(title)}">${title}</h2>
    ${data.ok ? body(data.value) : html`<p class="error">unavailable: ${data.error}</p>`}
  </section>`;
}

const slug = (s: string) => `k-${s.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

function list(
  entries: Map<string, number>,
  link: ((key: string) => string) | undefined,
  empty: string,
  unit = '',
) {
  if (entries.size === 0) return html`<p class="muted">${empty}</p>`;
  const label = (k: string) =>
    link ? html`<a href="${link(k)}">${k || '(none)'}</a>` : k || '(none)';
  return html`<ul>
    ${[...entries].map(([k, v]) => html`<li>${label(k)}: ${v}${unit}</li>`)}
  </ul>`;
}

/** The business KPIs, live; every figure links to the list behind it. */
export function renderOverview(ctx: PageContext, d: OverviewData): string {
  const cards = [
    card(
      'Orders awaiting the ERP',
      d.orders,
      (o) =>
        html`${figure(o.awaitingErp, href('/orders', { status: 'awaiting_erp' }))}
          <p class="muted">ERP queue: ${o.erpQueue ?? 'n/a'} job(s)</p>`,
    ),
    card(
      'Orders in exception',
      d.orders,
      (o) => html`${figure(o.inException, href('/orders', { status: 'exception' }))}`,
    ),
    card('Exceptions by reason', d.exceptionReasons, (r) =>
      list(r, () => href('/orders', { status: 'exception' }), 'No order in exception.'),
    ),
    card('Orders on hold', d.orders, (o) =>
      figure(o.onHold, href('/orders', { status: 'on_hold' })),
    ),
    card(
      'ERP governor',
      d.governor,
      (g) =>
        html`<dl class="facts">
          <dt>Limit</dt>
          <dd>${g.limit ?? 'n/a'} of ${g.ceiling ?? 'n/a'}</dd>
          <dt>In flight</dt>
          <dd>${g.inFlight ?? 'n/a'}</dd>
          <dt>429s seen</dt>
          <dd>${g.throttled ?? 0}</dd>
        </dl>`,
    ),
    card('Dead letters per stream', d.dlq, (m) =>
      list(m, (stream) => href('/dead-letters', { stream }), 'The DLQ is empty.'),
    ),
    card(
      'Returns pending disposition',
      d.returns,
      (r) =>
        html`${figure(r.pendingDisposition, href('/returns', { status: 'received' }))}
          <p>
            <a href="${href('/returns', { status: 'exception' })}">${r.inException} in exception</a>
          </p>`,
    ),
    card('Refund exceptions by channel', d.returns, (r) =>
      list(
        r.refundExceptions,
        (channel) => href('/returns', { status: 'exception', channel }),
        'None.',
      ),
    ),
    card('Inventory update lag by location', d.inventoryLag, (m) =>
      list(
        new Map([...m].map(([k, v]) => [k, Math.round(v * 100) / 100])),
        undefined,
        'No movement applied yet.',
        ' s (mean)',
      ),
    ),
    card('Channel pull lag', d.channels, (channels) =>
      channels.length === 0
        ? html`<p class="muted">No channel account configured.</p>`
        : html`<ul>
            ${channels.map(
              (c) =>
                html`<li>
                  <a href="${href('/orders', { channel: c.channel })}">${c.channel}</a>:
                  ${c.pullLagSeconds === null ? 'never pulled' : `${Math.round(c.pullLagSeconds)} s`}
                  ${c.lastError ? html`<span class="error">${c.lastError.slice(0, 140)}</span>` : ''}
                </li>`,
            )}
          </ul>`,
    ),
  ];
  return layout('Overview', ctx, html`<div class="cards">${cards}</div>`);
}
