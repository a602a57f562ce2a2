/**
 * The judgement of the scope walk (issue 17, ADR 0022): every operation of every service is
 * called with every kind of key and with none, and each answer is held against the operation's
 * OpenAPI `x-scopes`. Kept apart from the walk so that a wrong declaration is proven to fail it.
 */

/** Every kind of caller the walk tries: the five kinds of key, and no key at all. */
export const PROBE_KINDS = ['admin', 'service', 'channel', 'wms', 'store', 'none'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

export interface ProbeAnswer {
  status: number;
  body: unknown;
}

/** Refused for who the caller is (no key, unknown key, throttled, or a kind not accepted). */
export function refusedByScope(answer: ProbeAnswer): boolean {
  const type = String((answer.body as { type?: unknown } | undefined)?.type ?? '');
  if (answer.status === 401) return true;
  if (answer.status === 429) return type.endsWith('/auth-throttled');
  return answer.status === 403 && type.endsWith('/wrong-scope');
}

/**
 * Why an answer breaks the operation's declaration, or undefined when it keeps it. A route
 * must declare; a `public` route takes any caller (it checks its own signature); any other
 * route accepts exactly the kinds it declares and never a request without a key. A 403 for
 * another reason (another channel's data, another store's location) is an accepted scope.
 */
export function scopeViolation(
  declared: readonly string[] | undefined,
  kind: ProbeKind,
  answer: ProbeAnswer,
): string | undefined {
  if (!declared?.length) return 'declares no x-scopes';
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (declared.includes('public')) return undefined;
  const accepted = !refusedByScope(answer);
  const expected = kind !== 'none' && declared.includes(kind);
  if (accepted === expected) return undefined;
  return accepted
    ? `accepts ${kind} (${answer.status}) but declares ${declared.join(',')}`
    : `refuses ${kind} (${answer.status}) although it declares ${declared.join(',')}`;
}
