import { RETURN_STATUSES } from '@retail/contracts';
import type { ReturnDetail, ReturnPage } from '../api/views';
import { formatTime, href, html, money } from '../views/html';
import { badge, csrfField, layout, PageContext } from '../views/layout';

export interface ReturnFilter {
  status?: string;
  channel?: string;
  orderId?: string;
}

const returnLink = (id: string) => `/returns/${encodeURIComponent(id)}`;

/** The operator's actions on a return and the statuses each applies to (the returns API's rules). */
export const RETURN_ACTIONS = {
  approve: { label: 'Approve return', when: ['pending_approval'] },
  reject: { label: 'Reject return', when: ['pending_approval', 'authorized'] },
  retry: { label: 'Retry from the failed step', when: ['exception'] },
} as const;
export type ReturnAction = keyof typeof RETURN_ACTIONS;

function actionLinks(r: ReturnDetail) {
  const open = (Object.keys(RETURN_ACTIONS) as ReturnAction[]).filter((a) =>
    (RETURN_ACTIONS[a].when as readonly string[]).includes(r.status),
  );
  if (!open.length) return '';
  return html`<div class="actions">
    ${open.map(
      (a) =>
        html`<a class="button" href="${returnLink(r.returnId)}/${a}"
          >${RETURN_ACTIONS[a].label}</a
        >`,
    )}
  </div>`;
}

export function renderReturns(ctx: PageContext, f: ReturnFilter, page: ReturnPage): string {
  const body = html`<form class="filters" method="get" action="/returns" role="search">
      <label for="f-status"
        >Status
        <select id="f-status" name="status">
          <option value="">any</option>
          ${RETURN_STATUSES.map((s) => html`<option value="${s}" ${s === f.status ? html`selected` : ''}>${s}</option>`)}
        </select></label
      >
      <label for="f-channel"
        >Channel <input id="f-channel" name="channel" value="${f.channel ?? ''}"
      /></label>
      <label for="f-order"
        >Order id <input id="f-order" name="orderId" value="${f.orderId ?? ''}"
      /></label>
      <button type="submit">Filter</button>
    </form>
    <table>
      <caption>
        ${page.items.length} return(s), newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Return</th>
          <th scope="col">Order</th>
          <th scope="col">Channel</th>
          <th scope="col">Resolution</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Refund</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        ${page.items.map(
          (r) =>
            html`<tr>
              <td><a href="${returnLink(r.returnId)}">${r.returnId}</a></td>
              <td><a href="/orders/${encodeURIComponent(r.orderId)}">${r.orderId}</a></td>
              <td>
                ${r.channel}${r.orderChannel !== r.channel ? ` (order: ${r.orderChannel})` : ''}
              </td>
              <td>${r.resolution}</td>
              <td>${badge(r.status)} ${r.statusReason ?? ''}</td>
              <td class="num">${money(r.refundTotal, r.currency)}</td>
              <td class="when">${formatTime(r.createdAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${page.nextCursor ? html`<a href="${href('/returns', { ...f, cursor: page.nextCursor })}">Next page</a>` : ''}`;
  return layout('Returns', ctx, body);
}

export function renderReturn(ctx: PageContext, r: ReturnDetail): string {
  const body = html`<dl class="facts">
      <dt>Status</dt>
      <dd>${badge(r.status)} ${r.statusReason ?? ''}</dd>
      <dt>Order</dt>
      <dd>
        <a href="/orders/${encodeURIComponent(r.orderId)}">${r.orderId}</a> (${r.orderChannel})
      </dd>
      <dt>Started in</dt>
      <dd>${r.channel} at ${r.locationId}</dd>
      <dt>Resolution</dt>
      <dd>${r.resolution}</dd>
    </dl>
    ${actionLinks(r)}
    <h2>Lines</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">SKU</th>
          <th scope="col" class="num">Quantity</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        ${r.lines.map(
          (l) =>
            html`<tr>
              <td>${l.lineId}</td>
              <td>${l.sku}</td>
              <td class="num">${l.quantity}</td>
              <td>${l.reasonCode}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Timeline</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        ${r.timeline.map(
          (t) =>
            html`<tr>
              <td class="when">${formatTime(t.at)}</td>
              <td>${t.event}</td>
              <td>${badge(t.status)}</td>
              <td>
                ${t.detail === undefined ? '' : html`<code>${JSON.stringify(t.detail).slice(0, 300)}</code>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  return layout(`Return ${r.returnId}`, ctx, body);
}

export function renderReturnConfirm(ctx: PageContext, r: ReturnDetail, action: ReturnAction) {
  const body = html`<p>
      ${RETURN_ACTIONS[action].label} <strong>${r.returnId}</strong> (order ${r.orderId},
      ${r.resolution}), now ${badge(r.status)}${r.statusReason ? `: ${r.statusReason}` : ''}?
    </p>
    <p>It is recorded in the return's timeline.</p>
    <form method="post" action="${returnLink(r.returnId)}/${action}">
      ${csrfField(ctx)}
      ${action === 'reject' ? html`<label for="reason">Reason <input id="reason" name="reason" required maxlength="400" /></label>` : ''}
      ${
        action === 'retry'
          ? html`<label for="taxBasis"
              >Tax basis of the refund
              <select id="taxBasis" name="taxBasis">
                <option value="">as before</option>
                <option value="prorated">prorated from the order</option>
                <option value="quote">the tax engine's quote</option>
              </select></label
            >`
          : ''
      }
      <div class="actions">
        <button type="submit" class="${action === 'reject' ? 'danger' : ''}">
          Confirm: ${RETURN_ACTIONS[action].label}
        </button>
        <a href="${returnLink(r.returnId)}">Back</a>
      </div>
    </form>`;
  return layout('Confirm', ctx, body);
}
