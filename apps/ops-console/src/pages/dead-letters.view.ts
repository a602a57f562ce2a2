import type { DeadLetter, DeadLetterDetail, DlqReplayAnswer } from '../api/views';
import { formatTime, href, html, traceLink } from '../views/html';
import { csrfField, layout, PageContext } from '../views/layout';

export interface DlqFilter {
  stream?: string;
  consumer?: string;
  reason?: string;
  from?: string;
  to?: string;
}

export const STREAMS = ['RETAIL_ORDERS', 'RETAIL_INVENTORY', 'RETAIL_RETURNS', 'RETAIL_MASTERDATA'];
const FIELDS: Array<[keyof DlqFilter, string]> = [
  ['consumer', 'Consumer'],
  ['reason', 'Reason contains'],
  ['from', 'Failed from (ISO time)'],
  ['to', 'Failed until (ISO time)'],
];

const hiddenFilter = (f: DlqFilter) =>
  Object.entries(f)
    .filter(([, v]) => v)
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`);

export function renderDeadLetters(
  ctx: PageContext,
  f: DlqFilter,
  items: DeadLetter[],
  next?: string,
): string {
  const pending = items.filter((d) => !d.replayed).length;
  const body = html`<form class="filters" method="get" action="/dead-letters" role="search">
      <label for="f-stream"
        >Stream
        <select id="f-stream" name="stream">
          <option value="">any</option>
          ${STREAMS.map((s) => html`<option value="${s}" ${s === f.stream ? html`selected` : ''}>${s}</option>`)}
        </select></label
      >
      ${FIELDS.map(
        ([k, label]) =>
          html`<label for="f-${k}"
            >${label} <input id="f-${k}" name="${k}" value="${f[k] ?? ''}"
          /></label>`,
      )}
      <button type="submit">Filter</button>
    </form>
    <form method="post" action="/dead-letters/dry-run" class="actions">
      ${csrfField(ctx)} ${hiddenFilter(f)}
      <button type="submit" class="secondary">
        Dry run: replay everything this filter matches
      </button>
    </form>
    <table>
      <caption>
        ${items.length} dead letter(s) shown, ${pending} not replayed, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Failed</th>
          <th scope="col">Stream / consumer</th>
          <th scope="col">Subject</th>
          <th scope="col">Reason</th>
          <th scope="col">Replayed</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (d) =>
            html`<tr>
              <td><a href="/dead-letters/${d.id}">${d.id}</a></td>
              <td class="when">${formatTime(d.failedAt)}</td>
              <td>${d.stream}<br /><span class="muted">${d.consumer}</span></td>
              <td>${d.subject}</td>
              <td>${d.reason}</td>
              <td>${d.replayed ? formatTime(d.replayed.replayedAt) : 'no'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${next ? html`<a href="${href('/dead-letters', { ...f, cursor: next })}">Older</a>` : ''}`;
  return layout('Dead letters', ctx, body);
}

export function renderDeadLetter(ctx: PageContext, d: DeadLetterDetail): string {
  const correlation = d.event?.correlationid;
  const body = html`<dl class="facts">
      <dt>Reason</dt>
      <dd>${d.reason}</dd>
      <dt>Stream / consumer</dt>
      <dd>${d.stream} / ${d.consumer} (stream sequence ${d.streamSequence})</dd>
      <dt>Subject</dt>
      <dd>${d.subject}</dd>
      <dt>Deliveries</dt>
      <dd>${d.deliveries}</dd>
      <dt>Failed</dt>
      <dd>${formatTime(d.failedAt)}</dd>
      <dt>Event</dt>
      <dd>${d.event ? `${d.event.type} ${d.event.id}` : 'not a valid envelope (poison)'}</dd>
      <dt>Correlation id</dt>
      <dd>${traceLink(correlation, 'none')}</dd>
      <dt>Replayed</dt>
      <dd>
        ${d.replayed ? `${formatTime(d.replayed.replayedAt)} by ${d.replayed.replayedBy}` : 'no'}
      </dd>
    </dl>
    <form method="post" action="/dead-letters/${d.id}/dry-run" class="actions">
      ${csrfField(ctx)}
      <button type="submit">Dry run replay</button>
    </form>
    <h2>Payload</h2>
    <pre tabindex="0" aria-label="Payload">${pretty(d.payload)}</pre>`;
  return layout(`Dead letter ${d.id}`, ctx, body);
}

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** A dry run lists what would be re-delivered and offers the real replay; a replay reports. */
export function renderReplayAnswer(
  ctx: PageContext,
  a: DlqReplayAnswer,
  target: { ids?: number[]; filter?: DlqFilter },
): string {
  const replayable = a.items.filter((i) => i.outcome === 'would-replay').length;
  const action =
    target.ids?.length === 1 ? `/dead-letters/${target.ids[0]}/replay` : '/dead-letters/replay';
  const body = html`<p>
      ${
        a.dryRun
          ? `Dry run: ${replayable} of ${a.matched} dead letter(s) would be re-delivered; nothing was published.`
          : `Replayed: ${a.items.filter((i) => i.outcome === 'replayed').length} of ${a.matched} dead letter(s) re-delivered.`
      }
    </p>
    <table>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Subject</th>
          <th scope="col">Event</th>
          <th scope="col">Correlation id</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        ${a.items.map(
          (i) =>
            html`<tr>
              <td><a href="/dead-letters/${i.id}">${i.id}</a></td>
              <td>${i.subject}</td>
              <td>${i.eventId ?? ''}</td>
              <td>${traceLink(i.correlationId)}</td>
              <td>${i.outcome}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      a.dryRun && replayable > 0
        ? html`<form method="post" action="${action}" class="actions">
            ${csrfField(ctx)} ${hiddenFilter(target.filter ?? {})}
            <button type="submit">Replay ${replayable} dead letter(s) now</button>
            <a href="/dead-letters">Back</a>
          </form>`
        : html`<p><a href="/dead-letters">Back to dead letters</a></p>`
    }`;
  return layout(a.dryRun ? 'Replay dry run' : 'Replay done', ctx, body);
}
