#!/usr/bin/env node
// Generates the Grafana dashboards in deploy/grafana/dashboards/ (JSON, schemaVersion 39) from
// the panel lists below, so every panel has the same datasource/namespace variables and layout.
// `node deploy/grafana/build-dashboards.mjs` writes them; `--check` fails on drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');
const NS = 'namespace=~"$namespace"';

const q = (expr, legendFormat = '') => ({ expr, legendFormat });
const p95 = (metric, by) =>
  `histogram_quantile(0.95, sum by (${by}le) (rate(${metric}_bucket{${NS}}[$__rate_interval])))`;

const BUSINESS = [
  {
    title: 'Orders ingested by channel',
    unit: 'reqps',
    targets: [
      q(
        `sum by (channel) (rate(retail_orders_ingested_total{${NS}}[$__rate_interval]))`,
        '{{channel}}',
      ),
    ],
  },
  {
    title: 'Orders ingested by outcome',
    unit: 'reqps',
    targets: [
      q(
        `sum by (outcome) (rate(retail_orders_ingested_total{${NS}}[$__rate_interval]))`,
        '{{outcome}}',
      ),
    ],
  },
  {
    title: 'Orders awaiting ERP',
    type: 'stat',
    unit: 'short',
    targets: [q(`max(retail_orders_awaiting_erp{${NS}})`)],
  },
  {
    title: 'Orders in exception',
    type: 'stat',
    unit: 'short',
    targets: [q(`max(retail_orders_in_exception{${NS}})`)],
  },
  {
    title: 'ERP calls by operation and outcome',
    unit: 'reqps',
    targets: [
      q(
        `sum by (operation, outcome) (rate(retail_erp_calls_total{${NS}}[$__rate_interval]))`,
        '{{operation}} {{outcome}}',
      ),
    ],
  },
  {
    title: 'Ingestion to ERP latency',
    unit: 's',
    targets: [
      q(
        `histogram_quantile(0.5, sum by (le) (rate(retail_order_erp_latency_seconds_bucket{${NS}}[$__rate_interval])))`,
        'p50',
      ),
      q(p95('retail_order_erp_latency_seconds', ''), 'p95'),
      q(
        `histogram_quantile(0.99, sum by (le) (rate(retail_order_erp_latency_seconds_bucket{${NS}}[$__rate_interval])))`,
        'p99',
      ),
    ],
  },
  {
    title: 'Returns pending disposition',
    type: 'stat',
    unit: 'short',
    targets: [q(`max(retail_returns_pending_disposition{${NS}})`)],
  },
  {
    title: 'Refund exceptions by channel',
    unit: 'short',
    targets: [
      q(`sum by (channel) (increase(retail_refund_exceptions_total{${NS}}[1h]))`, '{{channel}}'),
    ],
  },
  {
    title: 'Inventory update lag by location (p95 or current)',
    unit: 's',
    // One of the two answers, depending on whether the lag is a histogram or a gauge.
    targets: [
      q(p95('retail_inventory_update_lag_seconds', 'location, '), '{{location}} p95'),
      q(`max by (location) (retail_inventory_update_lag_seconds{${NS}})`, '{{location}}'),
    ],
  },
  {
    title: 'Inventory movements by outcome',
    unit: 'reqps',
    targets: [
      q(
        `sum by (outcome) (rate(retail_inventory_movements_total{${NS}}[$__rate_interval]))`,
        '{{outcome}}',
      ),
    ],
  },
  {
    title: 'Inventory movement lag by stream partition',
    unit: 's',
    targets: [
      q(
        `max by (partition) (retail_inventory_movement_partition_lag_seconds{${NS}})`,
        'partition {{partition}}',
      ),
      q(
        `time() - max by (partition) (retail_inventory_movement_partition_applied_timestamp_seconds{${NS}})`,
        'partition {{partition}}: since its last batch',
      ),
    ],
  },
  {
    // ADR 0046: the heartbeat's commit-to-view time (the stated bound is 100 ms) and how long
    // ago each replica's view last applied one (a stalled feed grows; alert at 5 s).
    title: 'Availability view lag (p99) and age per replica',
    unit: 's',
    targets: [
      q(
        `histogram_quantile(0.99, sum by (le) (rate(retail_inventory_availability_view_lag_seconds_bucket{${NS}}[$__rate_interval])))`,
        'lag p99',
      ),
      q(
        `max by (instance) (retail_inventory_availability_view_age_seconds{${NS}})`,
        'age {{instance}}',
      ),
      q(
        `min by (instance) (retail_inventory_availability_view_ready{${NS}})`,
        'ready {{instance}}',
      ),
    ],
  },
  {
    title: 'Reservations by outcome',
    unit: 'reqps',
    targets: [
      q(
        `sum by (outcome) (rate(retail_reservations_total{${NS}}[$__rate_interval]))`,
        '{{outcome}}',
      ),
    ],
  },
  {
    title: 'Reservation requests per group transaction (hot-SKU group commit)',
    unit: 'short',
    targets: [
      q(
        `sum(rate(retail_reservation_group_size_sum{${NS}}[$__rate_interval])) / sum(rate(retail_reservation_group_size_count{${NS}}[$__rate_interval]))`,
        'mean',
      ),
      q(
        `histogram_quantile(0.99, sum by (le) (rate(retail_reservation_group_size_bucket{${NS}}[$__rate_interval])))`,
        'p99',
      ),
    ],
  },
];

const TECHNICAL = [
  {
    title: 'ERP governor: limit, ceiling and calls in flight per account',
    unit: 'short',
    targets: [
      q(`max by (account) (retail_erp_governor_limit{${NS}})`, '{{account}} limit'),
      q(`max by (account) (retail_erp_governor_ceiling{${NS}})`, '{{account}} ceiling'),
      q(`max by (account) (retail_erp_governor_in_flight{${NS}})`, '{{account}} in flight'),
    ],
  },
  {
    title: 'ERP governor: permit wait p95 by priority, 429s and refusals',
    unit: 's',
    targets: [
      q(p95('retail_erp_governor_wait_seconds', 'priority, '), '{{priority}} wait p95'),
      q(
        `sum by (account) (increase(retail_erp_governor_throttled_total{${NS}}[$__rate_interval]))`,
        '{{account}} 429s',
      ),
      q(
        `sum by (priority) (increase(retail_erp_governor_busy_total{${NS}}[$__rate_interval]))`,
        '{{priority}} no permit',
      ),
    ],
  },
  {
    title: 'ERP slot time: call p50/p95 against the governor round trips between calls',
    unit: 's',
    targets: [
      q(
        `histogram_quantile(0.5, sum by (operation, le) (rate(retail_erp_call_seconds_bucket{${NS}}[$__rate_interval])))`,
        '{{operation}} call p50',
      ),
      q(p95('retail_erp_call_seconds', 'operation, '), '{{operation}} call p95'),
      q(p95('retail_erp_governor_round_trip_seconds', 'step, '), '{{step}} round trip p95'),
    ],
  },
  {
    title: 'HTTP requests by service and status',
    unit: 'reqps',
    targets: [
      q(
        `sum by (job, status_code) (rate(http_server_request_duration_seconds_count{${NS}}[$__rate_interval]))`,
        '{{job}} {{status_code}}',
      ),
    ],
  },
  {
    title: 'HTTP 5xx ratio by service',
    unit: 'percentunit',
    targets: [
      q(
        `sum by (job) (rate(http_server_request_duration_seconds_count{${NS}, status_code=~"5.."}[$__rate_interval])) / sum by (job) (rate(http_server_request_duration_seconds_count{${NS}}[$__rate_interval]))`,
        '{{job}}',
      ),
    ],
  },
  {
    title: 'HTTP p95 latency by route',
    unit: 's',
    targets: [q(p95('http_server_request_duration_seconds', 'job, route, '), '{{job}} {{route}}')],
  },
  {
    title: 'Calls between services by caller, dependency and outcome',
    unit: 'reqps',
    targets: [
      q(
        `sum by (job, dependency, outcome) (rate(retail_dependency_calls_total{${NS}}[$__rate_interval]))`,
        '{{job}} -> {{dependency}} {{outcome}}',
      ),
    ],
  },
  {
    title: 'Keys refused by a dependency (401/403, configuration fault)',
    unit: 'short',
    targets: [
      q(
        `sum by (job, dependency) (increase(retail_dependency_auth_failures_total{${NS}}[$__rate_interval]))`,
        '{{job}} -> {{dependency}}',
      ),
    ],
  },
  {
    title: 'Messages processed by consumer and outcome',
    unit: 'reqps',
    targets: [
      q(
        `sum by (consumer, outcome) (rate(retail_messages_processed_total{${NS}}[$__rate_interval]))`,
        '{{consumer}} {{outcome}}',
      ),
    ],
  },
  {
    title: 'Consumer lag (pending messages)',
    unit: 'short',
    targets: [
      q(
        `max by (stream, consumer) (retail_consumer_pending_messages{${NS}})`,
        '{{stream}} {{consumer}}',
      ),
    ],
  },
  {
    title: 'Consumer ack pending',
    unit: 'short',
    targets: [
      q(
        `max by (stream, consumer) (retail_consumer_ack_pending_messages{${NS}})`,
        '{{stream}} {{consumer}}',
      ),
    ],
  },
  {
    title: 'Message handler p95 duration',
    unit: 's',
    targets: [q(p95('retail_message_processing_seconds', 'consumer, '), '{{consumer}}')],
  },
  {
    title: 'Outbox pending',
    unit: 'short',
    targets: [q(`max by (job) (retail_outbox_pending{${NS}})`, '{{job}}')],
  },
  {
    title: 'Outbox published',
    unit: 'reqps',
    targets: [
      q(`sum by (job) (rate(retail_outbox_published_total{${NS}}[$__rate_interval]))`, '{{job}}'),
      // Not acknowledged by JetStream (published again): timeout, no_responders, refused, other.
      q(
        `sum by (job, reason) (rate(retail_outbox_publish_failures_total{${NS}}[$__rate_interval]))`,
        '{{job}} failed: {{reason}}',
      ),
    ],
  },
  {
    // About 1 while commits are sparse; a burst is published in larger passes.
    title: 'Events per outbox relay pass',
    unit: 'short',
    targets: [
      q(
        `sum by (job) (rate(retail_outbox_published_total{${NS}}[$__rate_interval])) / sum by (job) (rate(retail_outbox_batches_total{${NS}}[$__rate_interval]))`,
        '{{job}}',
      ),
    ],
  },
  {
    title: 'DLQ depth and dead-lettered messages',
    unit: 'short',
    targets: [
      q(`max by (stream) (retail_dlq_messages{${NS}})`, '{{stream}} in DLQ'),
      q(
        `sum by (consumer, reason) (increase(retail_messages_dead_lettered_total{${NS}}[1h]))`,
        '{{consumer}} {{reason}} /h',
      ),
    ],
  },
];

function panel(def, index) {
  const stat = def.type === 'stat';
  return {
    id: index + 1,
    type: def.type ?? 'timeseries',
    title: def.title,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
    fieldConfig: { defaults: { unit: def.unit }, overrides: [] },
    options: stat
      ? { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value' }
      : { legend: { displayMode: 'table', placement: 'bottom' } },
    targets: def.targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      ...t,
      datasource: { type: 'prometheus', uid: '${datasource}' },
    })),
  };
}

function dashboard(uid, title, panels) {
  return {
    uid,
    title,
    tags: ['retail-platform'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
        },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'query',
          datasource: { type: 'prometheus', uid: '${datasource}' },
          query: {
            query: 'label_values(http_server_request_duration_seconds_count, namespace)',
            refId: 'namespace',
          },
          includeAll: true,
          multi: true,
          current: {},
          refresh: 2,
        },
      ],
    },
    panels: panels.map(panel),
  };
}

/** File name -> dashboard object. */
export const DASHBOARDS = {
  'retail-business.json': dashboard('retail-business', 'Retail platform: business', BUSINESS),
  'retail-technical.json': dashboard('retail-technical', 'Retail platform: technical', TECHNICAL),
};

// Formatted as the repository's Prettier config would, so `prettier --check` and this agree.
async function render(file, d) {
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(d), { ...config, parser: 'json' });
}

/** Dashboard files whose committed JSON differs from the generated one. */
export async function dashboardDrift() {
  const drift = [];
  for (const [name, d] of Object.entries(DASHBOARDS)) {
    const file = join(outDir, name);
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as drift
    }
    if (current !== (await render(file, d))) drift.push(file);
  }
  return drift;
}

async function main() {
  if (process.argv.includes('--check')) {
    const drift = await dashboardDrift();
    drift.forEach((f) => console.error(`dashboard out of date: ${f}`));
    process.exit(drift.length ? 1 : 0);
  }
  for (const [name, d] of Object.entries(DASHBOARDS)) {
    const file = join(outDir, name);
    writeFileSync(file, await render(file, d));
    console.log(`wrote ${file}`);
  }
}

// ---- channel-sync (issue 14) ----
// Inbound channel sync: pull lag per account, channel API calls by outcome (429s included), the
// rate-limit waits, what was forwarded and what reconciliation had to import.
function channelSyncPanels() {
  const rate = (expr) => `rate(${expr}[$__rate_interval])`;
  return [
    {
      title: 'Pull lag by channel (cursor age)',
      unit: 's',
      targets: [q(`max by (channel) (retail_channel_pull_lag_seconds{${NS}})`, '{{channel}}')],
    },
    {
      title: 'Pulls failing',
      type: 'stat',
      unit: 'short',
      targets: [q(`sum(max by (channel) (retail_channel_pull_failing{${NS}}))`)],
    },
    {
      title: 'Channel API calls by channel and outcome',
      unit: 'reqps',
      targets: [
        q(
          `sum by (channel, outcome) (${rate(`retail_channel_api_calls_total{${NS}}`)})`,
          '{{channel}} {{outcome}}',
        ),
      ],
    },
    {
      title: 'Channel API 429s (throttled) by channel',
      unit: 'reqps',
      targets: [
        q(
          `sum by (channel) (${rate(`retail_channel_api_calls_total{${NS}, outcome="throttled"}`)})`,
          '{{channel}}',
        ),
      ],
    },
    {
      title: 'Rate-limit wait before a channel call (p95)',
      unit: 's',
      targets: [q(p95('retail_channel_rate_limit_wait_seconds', 'channel, '), '{{channel}}')],
    },
    {
      title: 'Pulls by channel and outcome',
      unit: 'reqps',
      targets: [
        q(
          `sum by (channel, outcome) (${rate(`retail_channel_pulls_total{${NS}}`)})`,
          '{{channel}} {{outcome}}',
        ),
      ],
    },
    {
      title: 'Orders forwarded by channel and source',
      unit: 'reqps',
      targets: [
        q(
          `sum by (channel, source) (${rate(`retail_channel_orders_forwarded_total{${NS}}`)})`,
          '{{channel}} {{source}}',
        ),
      ],
    },
    {
      title: 'Orders imported by reconciliation (1 h)',
      unit: 'short',
      targets: [
        q(
          `sum by (channel) (increase(retail_channel_reconcile_imported_total{${NS}}[1h]))`,
          '{{channel}}',
        ),
      ],
    },
    {
      title: 'Reconciliation status mismatches (1 h)',
      unit: 'short',
      targets: [
        q(
          `sum by (channel) (increase(retail_channel_reconcile_status_mismatches_total{${NS}}[1h]))`,
          '{{channel}}',
        ),
      ],
    },
    {
      title: 'Channel orders refused by order-ingestion',
      type: 'stat',
      unit: 'short',
      targets: [q(`sum(max by (channel) (retail_channel_orders_refused{${NS}}))`)],
    },
    // Outbound (issue 15): what waits per account and kind, how pushes end, how long
    // availability takes from inventory to the channel.
    {
      title: 'Outbound queue depth by channel and kind',
      unit: 'short',
      targets: [
        q(
          `max by (channel, kind) (retail_channel_outbound_queue_depth{${NS}})`,
          '{{channel}} {{kind}}',
        ),
      ],
    },
    {
      title: 'Oldest waiting push by channel and kind',
      unit: 's',
      targets: [
        q(
          `max by (channel, kind) (retail_channel_outbound_oldest_pending_seconds{${NS}})`,
          '{{channel}} {{kind}}',
        ),
      ],
    },
    {
      title: 'Pushes by channel, kind and outcome',
      unit: 'reqps',
      targets: [
        q(
          `sum by (channel, kind, outcome) (${rate(`retail_channel_outbound_pushes_total{${NS}}`)})`,
          '{{channel}} {{kind}} {{outcome}}',
        ),
      ],
    },
    {
      title: 'Availability push latency, inventory to channel accepted (p95)',
      unit: 's',
      targets: [
        q(p95('retail_channel_availability_push_latency_seconds', 'channel, '), '{{channel}}'),
      ],
    },
    {
      title: 'Availability drift found by reconciliation (1 h)',
      unit: 'short',
      targets: [
        q(
          `sum by (channel) (increase(retail_channel_availability_drift_total{${NS}}[1h]))`,
          '{{channel}}',
        ),
      ],
    },
  ];
}

DASHBOARDS['retail-channel-sync.json'] = dashboard(
  'retail-channel-sync',
  'Retail platform: channel sync',
  channelSyncPanels(),
);

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
