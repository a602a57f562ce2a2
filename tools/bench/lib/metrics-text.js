'use strict';
// Reading a Prometheus text page (a service's /metrics) in the bench: one parser for every
// figure that samples a metric. CommonJS, like stats.js, so the ESM runner and the jest specs
// load the same code.

function escape(name) {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every sample of metric `name`: its label set as written (without braces) and its value. */
function metricSamples(text, name) {
  const line = new RegExp(`^${escape(name)}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm');
  return [...text.matchAll(line)].map((m) => ({ labels: m[1] ?? '', value: Number(m[2]) }));
}

/** The value of label `label` in a label set as written, or undefined. */
function labelOf(labels, label) {
  return new RegExp(`(?:^|,)${escape(label)}="([^"]*)"`).exec(labels)?.[1];
}

module.exports = { metricSamples, labelOf };
