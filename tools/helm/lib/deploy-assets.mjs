// Checks of the monitoring assets in deploy/: PrometheusRule objects (Prometheus Operator schema,
// severity, summary, runbook link) and Grafana dashboards (generated, no drift), and that every
// metric they query is one the services export (METRICS below; typos otherwise fail silently).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { dashboardDrift, DASHBOARDS } from '../../../deploy/grafana/build-dashboards.mjs';
import { kubeSchemaErrors } from './kube.mjs';
import { ROSTER } from './wiring.mjs';

/** Metrics the services export (CONTRACT.md operations + libs/platform observability/messaging). */
export const METRICS = new Set([
  'up',
  'retail_orders_ingested_total',
  'retail_retention_deleted_total',
  'retail_retention_failures_total',
  'retail_orders_awaiting_erp',
  'retail_orders_in_exception',
  'retail_erp_calls_total',
  'retail_order_erp_latency_seconds',
  'retail_returns_pending_disposition',
  'retail_refund_exceptions_total',
  'retail_refund_reconciliation_findings',
  'retail_refund_reconciliation_last_completed_timestamp_seconds',
  'retail_refund_reconciliation_reposted_total',
  'retail_inventory_update_lag_seconds',
  'retail_inventory_movement_partition_lag_seconds',
  'retail_inventory_movement_partition_applied_timestamp_seconds',
  'retail_inventory_movements_total',
  'retail_inventory_availability_view_lag_seconds',
  'retail_inventory_availability_view_age_seconds',
  'retail_inventory_availability_view_ready',
  'retail_inventory_availability_view_positions',
  'retail_reservations_total',
  'retail_reservation_group_size',
  'http_server_request_duration_seconds',
  'retail_messages_processed_total',
  'retail_message_processing_seconds',
  'retail_consumer_pending_messages',
  'retail_consumer_ack_pending_messages',
  'retail_outbox_pending',
  'retail_outbox_published_total',
  'retail_outbox_batches_total',
  'retail_outbox_publish_failures_total',
  'retail_messages_dead_lettered_total',
  'retail_dlq_messages',
  'retail_dlq_replayed_total',
  'retail_dependency_calls_total',
  'retail_dependency_auth_failures_total',
  'retail_erp_governor_limit',
  'retail_erp_governor_ceiling',
  'retail_erp_governor_in_flight',
  'retail_erp_governor_waiting',
  'retail_erp_governor_throttled_total',
  'retail_erp_governed_calls_total',
  'retail_erp_governor_busy_total',
  'retail_erp_governor_errors_total',
  'retail_erp_governor_wait_seconds',
  'retail_erp_governor_round_trip_seconds',
  'retail_erp_call_seconds',
  // ---- channel-sync (issue 14) ----
  'retail_channel_api_calls_total',
  'retail_channel_orders_forwarded_total',
  'retail_channel_reconcile_imported_total',
  'retail_channel_reconcile_status_mismatches_total',
  'retail_channel_pulls_total',
  'retail_channel_rate_limit_wait_seconds',
  'retail_channel_pull_lag_seconds',
  'retail_channel_pull_failing',
  'retail_channel_orders_refused',
  // ---- channel-sync outbound (issue 15) ----
  'retail_channel_outbound_pushes_total',
  'retail_channel_availability_push_latency_seconds',
  'retail_channel_availability_drift_total',
  'retail_channel_outbound_queue_depth',
  'retail_channel_outbound_oldest_pending_seconds',
]);
/**
 * Gauges computed from shared state (a table, a stream, a consumer): every replica of every
 * service that exports one reports the same value, so summing them across series multiplies by
 * the number of replicas (one dead letter, four alerts). Aggregate them with `max`.
 */
export const REPLICATED_GAUGES = new Set([
  'retail_orders_awaiting_erp',
  'retail_orders_in_exception',
  'retail_erp_queue_depth',
  'retail_returns_pending_disposition',
  'retail_returns_by_state',
  'retail_dlq_messages',
  'retail_dlq_replayed_total',
  'retail_outbox_pending',
  'retail_consumer_pending_messages',
  'retail_consumer_ack_pending_messages',
  'retail_channel_pull_lag_seconds',
  'retail_channel_pull_failing',
  'retail_channel_orders_refused',
  'retail_channel_outbound_queue_depth',
  'retail_channel_outbound_oldest_pending_seconds',
]);

const SUMMED = /\b(sum|count|avg)\s*(?:(?:by|without)\s*\([^)]*\)\s*)?\(\s*(retail_[a-z0-9_]+)\b/g;

/** Replicated gauges an expression sums (or counts, averages) across series instead of `max`. */
export function replicaSumProblems(expr) {
  return [...expr.matchAll(SUMMED)]
    .filter(([, , metric]) => REPLICATED_GAUGES.has(metric))
    .map(([, op, metric]) => `${op} over ${metric} counts it once per replica: aggregate with max`);
}

const SERVICES = ROSTER.filter((s) => s.kind === 'service').map((s) => s.name);
const RUNBOOK = new RegExp(
  `^docs/runbooks/(${[...SERVICES, 'platform'].join('|')}|\\{\\{ \\$labels\\.job \\}\\})\\.md$`,
);

function unknownMetrics(expr) {
  const names = expr.match(/\b(retail_[a-z0-9_]+|http_[a-z0-9_]+|up)\b(?=\s*[{[)\s]|$)/g) ?? [];
  return [...new Set(names.map((n) => n.replace(/_(bucket|count|sum)$/, '')))].filter(
    (n) => !METRICS.has(n),
  );
}

function ruleProblems(rule) {
  const where = `alert ${rule.alert ?? rule.record}`;
  const problems = unknownMetrics(rule.expr ?? '').map((m) => `${where}: unknown metric ${m}`);
  problems.push(...replicaSumProblems(rule.expr ?? '').map((p) => `${where}: ${p}`));
  if (!rule.alert) return problems;
  if (!['critical', 'warning', 'info'].includes(rule.labels?.severity))
    problems.push(`${where}: severity label missing`);
  if (!rule.annotations?.summary) problems.push(`${where}: summary annotation missing`);
  if (!RUNBOOK.test(rule.annotations?.runbook_url ?? '')) {
    problems.push(`${where}: runbook_url must be docs/runbooks/<service or platform>.md`);
  }
  return problems;
}

async function prometheusRuleProblems(dir) {
  const problems = [];
  let count = 0;
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  for (const f of files) {
    for (const doc of YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      if (doc.errors.length) problems.push(`${f}: YAML error: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (!obj || doc.errors.length) continue;
      count++;
      problems.push(...(await kubeSchemaErrors(obj)).map((e) => `${f}: schema: ${e}`));
      const rules = (obj.spec?.groups ?? []).flatMap((g) => g.rules ?? []);
      problems.push(...rules.flatMap(ruleProblems).map((p) => `${f}: ${p}`));
    }
  }
  return { count, problems };
}

function dashboardProblems() {
  return Object.entries(DASHBOARDS).flatMap(([file, d]) =>
    d.panels.flatMap((p) =>
      p.targets.flatMap((t) =>
        [
          ...unknownMetrics(t.expr).map((m) => `unknown metric ${m}`),
          ...replicaSumProblems(t.expr),
        ].map((problem) => `${file} "${p.title}": ${problem}`),
      ),
    ),
  );
}

/** Problems in deploy/ monitoring assets; `objects` counts what was validated. */
export async function validateDeployAssets(repoRoot) {
  const rules = await prometheusRuleProblems(join(repoRoot, 'deploy', 'prometheus'));
  const drift = (await dashboardDrift()).map(
    (f) => `${f}: out of date, run node deploy/grafana/build-dashboards.mjs`,
  );
  return {
    objects: rules.count + Object.keys(DASHBOARDS).length,
    problems: [...rules.problems, ...dashboardProblems(), ...drift],
  };
}
