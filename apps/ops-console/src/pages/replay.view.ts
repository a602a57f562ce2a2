import type { StreamReplayAnswer } from '../api/views';
import { href, html, traceLink } from '../views/html';
import { csrfField, layout, PageContext } from '../views/layout';
import { STREAMS } from './dead-letters.view';

/** What the operator asks for: `from`/`to` take a stream sequence (digits) or an ISO 8601 time. */
export interface ReplayForm {
  stream?: string;
  from?: string;
  to?: string;
  subject?: string;
  correlationId?: string;
}

const FIELDS: Array<[keyof ReplayForm, string, string]> = [
  ['from', 'From (sequence or ISO time)', 'required'],
  ['to', 'To (sequence or ISO time, optional)', ''],
  ['subject', 'Subject (wildcards * and >)', ''],
  ['correlationId', 'Correlation id', ''],
];

const hidden = (f: ReplayForm) =>
  Object.entries(f)
    .filter(([, v]) => v)
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`);

export function renderReplayForm(ctx: PageContext, f: ReplayForm): string {
  const body = html`<p>
      Re-delivers the events a stream stored in a window to every consumer of their subjects;
      consumers drop what they already applied. A dry run lists what would be re-delivered and
      publishes nothing; the replay itself is confirmed from its result.
    </p>
    <form class="filters" method="post" action="/replay/dry-run">
      ${csrfField(ctx)}
      <label for="r-stream"
        >Stream
        <select id="r-stream" name="stream" required>
          ${STREAMS.map((s) => html`<option value="${s}" ${s === f.stream ? html`selected` : ''}>${s}</option>`)}
        </select></label
      >
      ${FIELDS.map(
        ([k, label, required]) =>
          html`<label for="r-${k}"
            >${label}
            <input id="r-${k}" name="${k}" value="${f[k] ?? ''}" ${required ? html`required` : ''}
          /></label>`,
      )}
      <button type="submit">Dry run</button>
    </form>`;
  return layout('Replay', ctx, body);
}

export function renderStreamReplay(ctx: PageContext, a: StreamReplayAnswer, f: ReplayForm): string {
  const range = `sequences ${a.firstSequence ?? '-'} to ${a.lastSequence ?? '-'}`;
  const body = html`<p>
      ${
        a.dryRun
          ? `Dry run on ${a.stream}: ${a.matched} event(s) would be re-delivered (${range}); nothing was published.`
          : `Replay ${a.replayId} on ${a.stream}: ${a.republished} event(s) re-delivered (${range}).`
      }
    </p>
    ${a.truncated ? html`<p class="error" role="alert">Stopped at the limit: more events match; narrow the window or repeat from the last sequence.</p>` : ''}
    <table>
      <caption>
        ${a.items.length < a.matched ? `The first ${a.items.length} of ${a.matched}` : `${a.matched} event(s)`}
      </caption>
      <thead>
        <tr>
          <th scope="col" class="num">Sequence</th>
          <th scope="col">Subject</th>
          <th scope="col">Event</th>
          <th scope="col">Correlation id</th>
        </tr>
      </thead>
      <tbody>
        ${a.items.map(
          (i) =>
            html`<tr>
              <td class="num">${i.sequence}</td>
              <td>${i.subject}</td>
              <td>${i.eventId ?? ''}</td>
              <td>${traceLink(i.correlationId)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      a.dryRun && a.matched > 0
        ? html`<form method="post" action="/replay" class="actions">
            ${csrfField(ctx)} ${hidden(f)}
            <button type="submit">Replay ${a.matched} event(s) now</button>
            <a href="${href('/replay', { ...f })}">Change the window</a>
          </form>`
        : html`<p><a href="${href('/replay', { ...f })}">Back to replay</a></p>`
    }`;
  return layout(a.dryRun ? 'Replay dry run' : 'Replay done', ctx, body);
}
