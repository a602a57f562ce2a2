import { randomUUID } from 'node:crypto';
import { ORDER_STATUSES } from '@retail/contracts';
import type { OrderDetail, OrderPage } from '../api/views';
import { formatTime, href, html, money } from '../views/html';
import { badge, csrfField, layout, PageContext } from '../views/layout';

/** The actions an operator may take, and the statuses each applies to. */
export const ORDER_ACTIONS = {
  retry: { label: 'Retry from the failed step', when: ['exception'] },
  'release-hold': { label: 'Release hold', when: ['on_hold'] },
  cancel: {
    label: 'Cancel order',
    when: [
      'received',
      'on_hold',
      'exception',
      'backordered',
      'reserved',
      'awaiting_erp',
      'erp_confirmed',
    ],
  },
} as const;
export type OrderAction = keyof typeof ORDER_ACTIONS;

const orderLink = (id: string) => `/orders/${encodeURIComponent(id)}`;

export function renderOrders(
  ctx: PageContext,
  filters: { channel?: string; status?: string; reason?: string; olderThanMinutes?: string },
  page: OrderPage,
): string {
  const body = html`<form class="filters" method="get" action="/orders" role="search">
      <label for="f-channel"
        >Channel <input id="f-channel" name="channel" value="${filters.channel ?? ''}"
      /></label>
      <label for="f-status"
        >Status
        <select id="f-status" name="status">
          <option value="">any</option>
          ${ORDER_STATUSES.map(
            (s) =>
              html`<option value="${s}" ${s === filters.status ? html`selected` : ''}>
                ${s}
              </option>`,
          )}
        </select>
      </label>
      <label for="f-reason"
        >Reason contains
        <input id="f-reason" name="reason" value="${filters.reason ?? ''}" maxlength="200"
      /></label>
      <label for="f-age"
        >Older than (minutes)
        <input
          id="f-age"
          name="olderThanMinutes"
          type="number"
          min="1"
          max="525600"
          value="${filters.olderThanMinutes ?? ''}"
      /></label>
      <button type="submit">Filter</button>
    </form>
    <table>
      <caption>
        ${page.items.length} order(s), newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Channel</th>
          <th scope="col">Channel order</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">ERP</th>
          <th scope="col">Received</th>
        </tr>
      </thead>
      <tbody>
        ${page.items.map(
          (o) =>
            html`<tr>
              <td><a href="${orderLink(o.orderId)}">${o.orderId}</a></td>
              <td>${o.channel}</td>
              <td>${o.channelOrderId}</td>
              <td>${badge(o.status)}</td>
              <td>${o.statusReason ?? ''}</td>
              <td>${o.erp.state}${o.erp.salesOrderId ? ` (${o.erp.salesOrderId})` : ''}</td>
              <td class="when">${formatTime(o.createdAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${page.nextCursor ? html`<a href="${href('/orders', { ...filters, cursor: page.nextCursor })}">Next page</a>` : ''}`;
  return layout('Orders', ctx, body);
}

function actions(o: OrderDetail) {
  const available = (Object.keys(ORDER_ACTIONS) as OrderAction[]).filter((a) =>
    (ORDER_ACTIONS[a].when as readonly string[]).includes(o.status),
  );
  if (available.length === 0)
    return html`<p class="muted">No action applies to an order ${o.status}.</p>`;
  return html`<div class="actions">
    ${available.map((a) => html`<a class="button" href="${orderLink(o.orderId)}/${a}">${ORDER_ACTIONS[a].label}</a>`)}
  </div>`;
}

export function renderOrder(ctx: PageContext, o: OrderDetail): string {
  const body = html`<dl class="facts">
      <dt>Status</dt>
      <dd>${badge(o.status)} ${o.statusReason ?? ''}</dd>
      <dt>Channel</dt>
      <dd>${o.channel} order ${o.channelOrderId}</dd>
      <dt>Ordered</dt>
      <dd>${formatTime(o.orderedAt)}</dd>
      <dt>ERP</dt>
      <dd>
        ${o.erp.state}${o.erp.salesOrderId ? html`, sales order <strong>${o.erp.salesOrderId}</strong>` : ''}
        (external id ${o.erp.externalId})
      </dd>
    </dl>
    <h2>Actions</h2>
    ${actions(o)}
    <h2>Lines</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">SKU</th>
          <th scope="col" class="num">Quantity</th>
          <th scope="col" class="num">Unit price</th>
          <th scope="col" class="num">Shipped</th>
          <th scope="col">Fulfilment</th>
          <th scope="col">Reservation</th>
        </tr>
      </thead>
      <tbody>
        ${o.lines.map(
          (l) =>
            html`<tr>
              <td>${l.lineId}</td>
              <td>${l.sku ?? l.title ?? '(non-stock)'}</td>
              <td class="num">${l.quantity}</td>
              <td class="num">${money(l.unitPrice, o.currency)}</td>
              <td class="num">${l.shippedQuantity}</td>
              <td>
                ${l.fulfillment.type}${l.fulfillment.locationId ? ` at ${l.fulfillment.locationId}` : ''}
              </td>
              <td>${l.reservationStatus ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Fulfilments</h2>
    ${
      o.fulfillments.length === 0
        ? html`<p class="muted">None yet.</p>`
        : html`<ul>
            ${o.fulfillments.map(
              (f) =>
                html`<li>
                  ${f.fulfillmentId}: ${f.type}${f.locationId ? ` from ${f.locationId}` : ''},
                  ${f.status}, lines ${f.lines.map((l) => `${l.lineId}×${l.quantity}`).join(', ')}
                </li>`,
            )}
          </ul>`
    }
    <h2>Timeline</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Step</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">Transformed</th>
        </tr>
      </thead>
      <tbody>
        ${o.timeline.map(
          (t) =>
            html`<tr>
              <td class="when">${formatTime(t.at)}</td>
              <td>${t.step}</td>
              <td>
                ${t.fromStatus && t.fromStatus !== t.status ? `${t.fromStatus} → ` : ''}${badge(t.status)}
              </td>
              <td>${t.reason ?? ''}</td>
              <td>
                ${t.transformations.length ? html`<code>${JSON.stringify(t.transformations).slice(0, 300)}</code>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  return layout(`Order ${o.channelOrderId}`, ctx, body);
}

export function renderConfirm(ctx: PageContext, o: OrderDetail, action: OrderAction): string {
  const body = html`<p>
      ${ORDER_ACTIONS[action].label} for order <strong>${o.orderId}</strong> (${o.channel}
      ${o.channelOrderId}), now ${badge(o.status)}${o.statusReason ? `: ${o.statusReason}` : ''}?
    </p>
    <p>It is recorded in the order's timeline as asked by <strong>${ctx.user}</strong>.</p>
    <form method="post" action="${orderLink(o.orderId)}/${action}">
      ${csrfField(ctx)}
      <input type="hidden" name="idempotencyKey" value="${randomUUID()}" />
      ${action === 'cancel' ? html`<label for="reason">Reason <input id="reason" name="reason" required /></label>` : ''}
      <div class="actions">
        <button type="submit" class="${action === 'cancel' ? 'danger' : ''}">
          Confirm: ${ORDER_ACTIONS[action].label}
        </button>
        <a href="${orderLink(o.orderId)}">Back</a>
      </div>
    </form>`;
  return layout('Confirm', ctx, body);
}
