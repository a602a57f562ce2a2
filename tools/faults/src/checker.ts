/**
 * History checker in the spirit of Jepsen's queue checker: every operation the load generator
 * attempted is judged by set algebra over the client's history and what the system holds.
 *
 * Per key (a channel order, a movement event id, a reservation):
 * - acknowledged: some attempt got a 2xx and the system holds exactly one record;
 * - lost: acknowledged by the API but absent after drain (must be 0);
 * - duplicated: more than one record, more than one id handed out, or more than one ERP
 *   sales order for it (must be 0);
 * - recovered: no attempt was acknowledged (timeouts, 5xx, resets) but the record exists:
 *   allowed, the write happened and the client did not learn it;
 * - unknown: no definite answer and no record. Settled by reconciliation as "not applied";
 *   allowed only because the client gave up;
 * - rejected: every attempt was refused with a definite 4xx and nothing is stored: fine;
 * - unexpected: refused with a 4xx only, yet a record exists (a rejected request persisted;
 *   must be 0).
 */
export type OpType = 'ok' | 'fail' | 'info';

export interface Attempt {
  key: string;
  type: OpType;
  status?: number;
  /** Id the API answered with (orderId, reservationId...), when acknowledged. */
  resultId?: string;
}

export interface Observed {
  /** Records found for the key in the service's tables. */
  records: number;
  /** Ids of those records, to compare with what the API answered. */
  ids?: string[];
  /** ERP records for the key (sales orders), when the key goes to the ERP. */
  erpRecords?: number;
}

export type Verdict =
  'acknowledged' | 'lost' | 'duplicated' | 'recovered' | 'unknown' | 'rejected' | 'unexpected';

export interface KeyVerdict {
  key: string;
  verdict: Verdict;
  attempts: number;
  why?: string;
}

export interface CheckSummary {
  attempted: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  recovered: number;
  unknown: number;
  rejected: number;
  unexpected: number;
  /** Keys whose only answers were indeterminate (timeouts, 5xx), before reconciliation. */
  indeterminateBeforeReconciliation: number;
  duplicateErpRecords: number;
  /** Keys whose record could not be looked up: the check could not settle them. */
  unresolved: number;
}

const ABSENT: Observed = { records: 0 };

/** Judges one key from its attempts and what reconciliation found. */
export function classifyKey(key: string, attempts: Attempt[], observed?: Observed): KeyVerdict {
  const seen = observed ?? ABSENT;
  const oks = attempts.filter((a) => a.type === 'ok');
  const answeredIds = new Set(oks.map((a) => a.resultId).filter((id): id is string => !!id));
  const base = { key, attempts: attempts.length };
  const dup = duplicateReason(seen, answeredIds);
  if (dup) return { ...base, verdict: 'duplicated', why: dup };
  if (oks.length > 0) {
    if (seen.records === 0) return { ...base, verdict: 'lost', why: 'acknowledged, not stored' };
    const stored = seen.ids?.[0];
    if (stored && answeredIds.size === 1 && !answeredIds.has(stored))
      return {
        ...base,
        verdict: 'duplicated',
        why: `answered ${[...answeredIds][0]}, stored ${stored}`,
      };
    return { ...base, verdict: 'acknowledged' };
  }
  const indeterminate = attempts.some((a) => a.type === 'info');
  if (seen.records === 1) {
    if (indeterminate) return { ...base, verdict: 'recovered' };
    return { ...base, verdict: 'unexpected', why: 'refused with 4xx, yet stored' };
  }
  return { ...base, verdict: indeterminate ? 'unknown' : 'rejected' };
}

function duplicateReason(seen: Observed, answeredIds: Set<string>): string | undefined {
  if (seen.records > 1) return `${seen.records} records`;
  if (answeredIds.size > 1) return `${answeredIds.size} different ids answered`;
  if ((seen.erpRecords ?? 0) > 1) return `${seen.erpRecords} ERP records`;
  return undefined;
}

/** Groups a history by key and judges every key. `observed` lacks a key = not found. */
export function checkHistory(
  attempts: Attempt[],
  observed: Map<string, Observed>,
  unresolvedKeys: Set<string> = new Set(),
): { verdicts: KeyVerdict[]; summary: CheckSummary } {
  const byKey = new Map<string, Attempt[]>();
  for (const a of attempts) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  const verdicts = [...byKey].map(([key, list]) => classifyKey(key, list, observed.get(key)));
  return { verdicts, summary: summarize(verdicts, byKey, observed, unresolvedKeys) };
}

function summarize(
  verdicts: KeyVerdict[],
  byKey: Map<string, Attempt[]>,
  observed: Map<string, Observed>,
  unresolvedKeys: Set<string>,
): CheckSummary {
  const count = (v: Verdict) => verdicts.filter((x) => x.verdict === v).length;
  const indeterminate = [...byKey.values()].filter(
    (list) => !list.some((a) => a.type === 'ok') && list.some((a) => a.type === 'info'),
  ).length;
  const duplicateErp = [...byKey.keys()].filter((k) => (observed.get(k)?.erpRecords ?? 0) > 1);
  return {
    attempted: byKey.size,
    acknowledged: count('acknowledged'),
    lost: count('lost'),
    duplicated: count('duplicated'),
    recovered: count('recovered'),
    unknown: count('unknown'),
    rejected: count('rejected'),
    unexpected: count('unexpected'),
    indeterminateBeforeReconciliation: indeterminate,
    duplicateErpRecords: duplicateErp.length,
    unresolved: [...byKey.keys()].filter((k) => unresolvedKeys.has(k)).length,
  };
}

/** Classifies an HTTP answer: 2xx ok, 4xx a definite refusal, anything else indeterminate. */
export function opTypeOf(status: number | undefined): OpType {
  if (status === undefined) return 'info';
  if (status >= 200 && status < 300) return 'ok';
  // 408, 409 (in flight) and 429 say "not now", not "no": the outcome is not known yet.
  if (status === 408 || status === 409 || status === 429) return 'info';
  if (status >= 400 && status < 500) return 'fail';
  return 'info';
}

/** The counts that must be zero; each non-zero one is a violated invariant. */
export function violations(summary: CheckSummary): string[] {
  const out: string[] = [];
  if (summary.lost) out.push(`${summary.lost} lost`);
  if (summary.duplicated) out.push(`${summary.duplicated} duplicated`);
  if (summary.unexpected) out.push(`${summary.unexpected} stored after a 4xx`);
  if (summary.duplicateErpRecords)
    out.push(`${summary.duplicateErpRecords} with duplicate ERP records`);
  if (summary.unresolved) out.push(`${summary.unresolved} unresolved by reconciliation`);
  return out;
}
