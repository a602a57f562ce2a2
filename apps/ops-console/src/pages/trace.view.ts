import { formatTime, html } from '../views/html';
import { badge, layout, PageContext } from '../views/layout';

export interface TraceEntry {
  at: string;
  service: string;
  what: string;
  status: string;
  detail: string;
  link: string;
}

export function renderTrace(
  ctx: PageContext,
  correlationId: string | undefined,
  entries: TraceEntry[],
) {
  const body = html`<form class="filters" method="get" action="/trace" role="search">
      <label for="cid"
        >Correlation id
        <input id="cid" name="correlationId" value="${correlationId ?? ''}" size="40"
      /></label>
      <button type="submit">Trace</button>
    </form>
    ${
      correlationId === undefined
        ? html`<p class="muted">
            Enter the correlation id of a request (x-correlation-id), an event or a log line.
          </p>`
        : html`<table>
            <caption>
              ${entries.length} step(s) for ${correlationId}, in time order
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Service</th>
                <th scope="col">What</th>
                <th scope="col">Status</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              ${entries.map(
                (e) =>
                  html`<tr>
                    <td class="when">${formatTime(e.at)}</td>
                    <td>${e.service}</td>
                    <td><a href="${e.link}">${e.what}</a></td>
                    <td>${badge(e.status)}</td>
                    <td><code>${e.detail.slice(0, 300)}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
  return layout('Trace', ctx, body);
}
