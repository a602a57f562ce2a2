// A small load client: keep-alive http.Agent pool, closed-loop (N workers as fast as answers
// come) and open-loop (a steady rate, whatever the answers take) drivers, with progress lines.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export function makeClient(maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  /** One request; resolves with { status, text, json(), ms } and never rejects (status 0 = network error). */
  function request(method, url, { body, headers = {}, timeoutMs = 30_000 } = {}) {
    const payload =
      body === undefined
        ? undefined
        : typeof body === 'string' || Buffer.isBuffer(body)
          ? body
          : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request(url, {
        method,
        agent,
        headers: {
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...headers,
        },
        timeout: timeoutMs,
      });
      const done = (status, text, error) =>
        resolve({
          status,
          text,
          error,
          ms: performance.now() - started,
          json: () => safeJson(text),
        });
      req.on('response', (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => done(0, '', e.message));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => done(0, '', e.message));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
  return { request, close: () => agent.destroy() };
}

function safeJson(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Prints `line()` every `everyMs` until stopped. */
export function progress(line, everyMs = 2000) {
  const timer = setInterval(() => process.stdout.write(`  … ${line()}\n`), everyMs);
  return () => clearInterval(timer);
}

/**
 * Closed loop: `concurrency` workers call `task(worker, i)` back to back until `durationMs`
 * passed or `total` tasks started. Returns the elapsed ms (to the last answer).
 */
export async function closedLoop({ concurrency, durationMs = Infinity, total = Infinity, task }) {
  const started = performance.now();
  let next = 0;
  const worker = async (w) => {
    while (next < total && performance.now() - started < durationMs) {
      const i = next++;
      await task(w, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return performance.now() - started;
}

/**
 * Open loop: starts `task(i)` at `ratePerSecond` for `durationMs` (or `total` tasks) without
 * waiting for answers, then waits for all of them. Returns { elapsedMs, sendMs }.
 */
export async function openLoop({ ratePerSecond, durationMs = Infinity, total = Infinity, task }) {
  const started = performance.now();
  const pending = [];
  let i = 0;
  while (i < total && performance.now() - started < durationMs) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(task(i++));
  }
  const sendMs = performance.now() - started;
  await Promise.all(pending);
  return { elapsedMs: performance.now() - started, sendMs, sent: i };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
