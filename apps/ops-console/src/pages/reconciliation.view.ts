import type { ChannelReconcileReport, InventoryDriftReport, RefundDriftReport } from '../api/views';
import { formatTime, href, html, SafeHtml } from '../views/html';
import { badge, csrfField, layout, PageContext } from '../views/layout';

export interface InventoryFilter {
  sku?: string;
  locationId?: string;
}

export interface RefundsWindow {
  from?: string;
  to?: string;
}

export interface OrdersWindow {
  channel?: string;
  from?: string;
  to?: string;
}

/** A table body, or one row saying there is nothing. */
const rowsOrNone = (rows: SafeHtml[], columns: number, none: string) =>
  rows.length
    ? rows
    : html`<tr>
        <td colspan="${columns}" class="muted">${none}</td>
      </tr>`;

const window = (w: OrdersWindow) =>
  (['channel', 'from', 'to'] as const).map(
    (k) => html`<input type="hidden" name="${k}" value="${w[k] ?? ''}" />`,
  );

/** The three comparisons, each started from its own form. */
export function renderReconciliation(
  ctx: PageContext,
  channels: string[] | undefined,
  w: OrdersWindow,
  refunds: RefundsWindow = w,
): string {
  const body = html`<h2 id="inventory">Inventory vs the ERP</h2>
    <p>Positions whose on-hand differs from the ERP's by more than the movements not yet posted.</p>
    <form class="filters" method="get" action="/reconciliation/inventory">
      <label for="i-sku">SKU (optional) <input id="i-sku" name="sku" /></label>
      <label for="i-location"
        >Location (optional) <input id="i-location" name="locationId"
      /></label>
      <button type="submit">Compare with the ERP</button>
    </form>
    <h2 id="orders">Orders vs a channel</h2>
    <p>
      The channel's orders updated in the window against ours: orders we never received and status
      mismatches. A dry run first; importing is confirmed from its result.
    </p>
    <form class="filters" method="post" action="/reconciliation/orders/dry-run">
      ${csrfField(ctx)}
      ${
        channels
          ? html`<label for="o-channel"
              >Channel
              <select id="o-channel" name="channel" required>
                ${channels.map((c) => html`<option value="${c}" ${c === w.channel ? html`selected` : ''}>${c}</option>`)}
              </select></label
            >`
          : html`<label for="o-channel"
              >Channel (channel-sync is unavailable for the list)
              <input id="o-channel" name="channel" value="${w.channel ?? ''}" required
            /></label>`
      }
      <label for="o-from"
        >From (ISO time) <input id="o-from" name="from" value="${w.from ?? ''}" required
      /></label>
      <label for="o-to"
        >To (ISO time) <input id="o-to" name="to" value="${w.to ?? ''}" required
      /></label>
      <button type="submit">Dry run</button>
    </form>
    <h2 id="refunds">Refunds vs payments</h2>
    <p>
      The refunds our returns recorded in the window against the payment provider's refunds: paid
      out but not recorded, recorded but unknown to the provider, different amounts, not settled. A
      read: each line says what to do.
    </p>
    <form class="filters" method="get" action="/reconciliation/refunds">
      <label for="r-from"
        >From (ISO time) <input id="r-from" name="from" value="${refunds.from ?? ''}" required
      /></label>
      <label for="r-to"
        >To (ISO time) <input id="r-to" name="to" value="${refunds.to ?? ''}" required
      /></label>
      <button type="submit">Compare with the payment provider</button>
    </form>`;
  return layout('Reconciliation', ctx, body);
}

export function renderInventoryDrift(
  ctx: PageContext,
  f: InventoryFilter,
  r: InventoryDriftReport,
): string {
  const drifting = r.items.filter((d) => d.drift !== 0);
  const scope = [f.sku && `SKU ${f.sku}`, f.locationId && `location ${f.locationId}`]
    .filter(Boolean)
    .join(', ');
  const body = html`<p>
      ${r.positions} position(s)${scope ? ` (${scope})` : ''} checked at ${formatTime(r.checkedAt)}:
      <strong>${r.drifting} drifting</strong>.
    </p>
    <table>
      <caption>
        Drifting positions (drift = on hand − not yet posted − ERP on hand)
      </caption>
      <thead>
        <tr>
          <th scope="col">SKU</th>
          <th scope="col">Location</th>
          <th scope="col" class="num">On hand</th>
          <th scope="col" class="num">Not yet posted</th>
          <th scope="col" class="num">ERP on hand</th>
          <th scope="col" class="num">Drift</th>
        </tr>
      </thead>
      <tbody>
        ${rowsOrNone(
          drifting.map(
            (d) =>
              html`<tr>
                <td>${d.sku}</td>
                <td>${d.locationId}</td>
                <td class="num">${d.onHand}</td>
                <td class="num">${d.unposted}</td>
                <td class="num">${d.erpOnHand}</td>
                <td class="num">${d.drift}</td>
              </tr>`,
          ),
          6,
          'No position drifts.',
        )}
      </tbody>
    </table>
    <p><a href="/reconciliation">Back to reconciliation</a></p>`;
  return layout('Inventory vs the ERP', ctx, body);
}

export function renderChannelReconcile(
  ctx: PageContext,
  r: ChannelReconcileReport,
  w: OrdersWindow,
): string {
  const toFix = r.missing.length + r.mismatches.filter((m) => !m.corrected).length;
  const body = html`<p>
      ${
        r.dryRun
          ? `Dry run on ${r.channel} from ${formatTime(r.from)} to ${formatTime(r.to)}: ${r.listed} channel order(s) listed, ${r.missing.length} missing, ${r.mismatches.length} status mismatch(es); nothing was imported or corrected.`
          : `Reconciled ${r.channel} from ${formatTime(r.from)} to ${formatTime(r.to)}: ${r.imported} of ${r.missing.length} missing order(s) imported, ${r.mismatches.filter((m) => m.corrected).length} status mismatch(es) corrected.`
      }
    </p>
    <table>
      <caption>
        Missing orders (in the channel, not with us)
      </caption>
      <thead>
        <tr>
          <th scope="col">Channel order id</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        ${rowsOrNone(
          r.missing.map(
            (id) =>
              html`<tr>
                <td>${id}</td>
                <td>${r.dryRun ? 'would be imported' : 'import requested'}</td>
              </tr>`,
          ),
          2,
          'None missing.',
        )}
      </tbody>
    </table>
    <table>
      <caption>
        Status mismatches
      </caption>
      <thead>
        <tr>
          <th scope="col">Channel order id</th>
          <th scope="col">Order</th>
          <th scope="col">In the channel</th>
          <th scope="col">Ours</th>
          <th scope="col">Corrected</th>
        </tr>
      </thead>
      <tbody>
        ${rowsOrNone(
          r.mismatches.map(
            (m) =>
              html`<tr>
                <td>${m.channelOrderId}</td>
                <td><a href="/orders/${encodeURIComponent(m.orderId)}">${m.orderId}</a></td>
                <td>${m.channelStatus}</td>
                <td>${badge(m.status)}</td>
                <td>${m.corrected ? 'yes' : 'no'}</td>
              </tr>`,
          ),
          5,
          'No status mismatch.',
        )}
      </tbody>
    </table>
    ${
      r.dryRun && toFix > 0
        ? html`<form method="post" action="/reconciliation/orders/import" class="actions">
            ${csrfField(ctx)} ${window(w)}
            <button type="submit">
              Import ${r.missing.length} missing
              order(s)${r.mismatches.length ? " and apply the channel's cancellations" : ''} now
            </button>
            <a href="${href('/reconciliation', { ...w })}">Back</a>
          </form>`
        : html`<p><a href="${href('/reconciliation', { ...w })}">Back to reconciliation</a></p>`
    }`;
  return layout(r.dryRun ? 'Orders reconciliation dry run' : 'Orders reconciled', ctx, body);
}

const KIND_LABELS: Record<RefundDriftReport['items'][number]['kind'], string> = {
  unrecorded_refund: 'paid out, not recorded',
  missing_at_provider: 'unknown to the provider',
  amount_mismatch: 'amounts differ',
  not_settled: 'not settled',
};

const money = (m?: { amount: number; currency: string; status: string }) =>
  m ? `${m.amount} ${m.currency} (${m.status})` : '—';

export function renderRefundDrift(ctx: PageContext, r: RefundDriftReport): string {
  const body = html`<p>
      ${r.providerRefunds} refund(s) at the payment provider and ${r.recordedRefunds} recorded by
      returns from ${formatTime(r.from)} to ${formatTime(r.to)}, checked at
      ${formatTime(r.checkedAt)}: <strong>${r.drifting} drifting</strong>.
    </p>
    <table>
      <caption>
        Refund drift (amounts in minor units)
      </caption>
      <thead>
        <tr>
          <th scope="col">Drift</th>
          <th scope="col">Return</th>
          <th scope="col">Provider refund</th>
          <th scope="col">Ours</th>
          <th scope="col">Provider's</th>
          <th scope="col">What to do</th>
        </tr>
      </thead>
      <tbody>
        ${rowsOrNone(
          r.items.map(
            (d) =>
              html`<tr>
                <td>${KIND_LABELS[d.kind] ?? d.kind}</td>
                <td>
                  ${d.returnId ? html`<a href="/returns/${encodeURIComponent(d.returnId)}">${d.returnId}</a>` : '—'}
                </td>
                <td><code>${d.refundId}</code></td>
                <td>${money(d.ours)}</td>
                <td>${money(d.theirs)}</td>
                <td>${d.action}</td>
              </tr>`,
          ),
          6,
          'Every refund agrees with the payment provider.',
        )}
      </tbody>
    </table>
    <p>
      <a href="${href('/reconciliation', { from: r.from, to: r.to })}">Back to reconciliation</a>
    </p>`;
  return layout('Refunds vs payments', ctx, body);
}
