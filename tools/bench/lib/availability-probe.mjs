#!/usr/bin/env node
// Availability queries under movement load, in a process of its own (autocannon) so that the
// load generator's event loop does not inflate the measured latency.
// argv[2]: JSON { baseUrl, apiKey, paths, connections, rate, durationSeconds, method?, body? }
// (with `body`, every request is `method` (default POST) of that JSON body to each path).
// Prints one JSON line: { count, errors, non2xx, p50, p90, p99, max } (ms).
import autocannon from 'autocannon';

const cfg = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: cfg.baseUrl,
  connections: cfg.connections,
  overallRate: cfg.rate,
  duration: cfg.durationSeconds,
  headers: { 'x-api-key': cfg.apiKey, ...(cfg.body ? { 'content-type': 'application/json' } : {}) },
  requests: cfg.paths.map((path) =>
    cfg.body
      ? { method: cfg.method ?? 'POST', path, body: JSON.stringify(cfg.body) }
      : { method: 'GET', path },
  ),
});
const l = result.latency;
process.stdout.write(
  JSON.stringify({
    count: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    p50: l.p50,
    p90: l.p90,
    p99: l.p99,
    max: l.max,
  }) + '\n',
);
