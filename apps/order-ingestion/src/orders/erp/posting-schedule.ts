/** The ERP records posted on shipment, each with its own schedule (ADR 0041). */
export const POSTING_RECORD_TYPES = ['itemFulfillment', 'invoice', 'cashSale'] as const;
export type PostingRecordType = (typeof POSTING_RECORD_TYPES)[number];

/** When postings of one record type may go to the ERP. */
type Rule =
  /** Daily window in UTC, `[start, end)` seconds after midnight; wraps midnight when end < start. */
  | { kind: 'window'; start: number; end: number }
  /** Batches: postings wait for the next multiple of `everyS` seconds after midnight UTC. */
  | { kind: 'batch'; everyS: number };

const DAY_S = 86_400;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const EVERY = /^every\s+(\d+)\s*(s|m|h)$/;
const UNIT_S = { s: 1, m: 60, h: 3600 } as const;

function seconds(text: string, what: string): number {
  const match = TIME.exec(text.trim());
  const [h, m, s] = match ? [match[1], match[2], match[3] ?? '0'].map(Number) : [];
  if (!match || h > 23 || m > 59 || s > 59)
    throw new RangeError(`${what}: "${text}" is not a UTC time HH:MM or HH:MM:SS`);
  return h * 3600 + m * 60 + s;
}

/**
 * ERP_POSTING_SCHEDULE, read once at start: `<recordType>=<rule>` separated by `;`, where the
 * rule is a UTC window `HH:MM[:SS]-HH:MM[:SS]` (e.g. `invoice=22:00-06:00`) or a batch interval
 * `every <n>s|m|h` (e.g. `cashSale=every 15m`). A record type not named posts at once. Throws a
 * one-line RangeError on anything else, so a bad value refuses to start.
 */
export class PostingSchedule {
  private constructor(private readonly rules: ReadonlyMap<PostingRecordType, Rule>) {}

  static parse(text: string | undefined): PostingSchedule {
    const rules = new Map<PostingRecordType, Rule>();
    for (const entry of (text ?? '')
      .split(';')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const at = entry.indexOf('=');
      const type = entry.slice(0, at).trim() as PostingRecordType;
      const spec = entry.slice(at + 1).trim();
      if (at < 0 || !POSTING_RECORD_TYPES.includes(type))
        throw new RangeError(
          `"${entry}" must be <recordType>=<rule>, recordType one of ${POSTING_RECORD_TYPES.join(', ')}`,
        );
      if (rules.has(type)) throw new RangeError(`${type} is scheduled twice`);
      rules.set(type, PostingSchedule.rule(type, spec));
    }
    return new PostingSchedule(rules);
  }

  private static rule(type: string, spec: string): Rule {
    const every = EVERY.exec(spec);
    if (every) {
      const everyS = Number(every[1]) * UNIT_S[every[2] as keyof typeof UNIT_S];
      if (everyS < 1 || everyS > DAY_S || DAY_S % everyS !== 0)
        throw new RangeError(`${type}: "${spec}" must divide a day (e.g. every 15m, every 1h)`);
      return { kind: 'batch', everyS };
    }
    const [from, to, ...rest] = spec.split('-');
    if (to === undefined || rest.length > 0)
      throw new RangeError(`${type}: "${spec}" is neither HH:MM-HH:MM nor every <n>s|m|h`);
    const start = seconds(from, type);
    const end = seconds(to, type);
    if (start === end) throw new RangeError(`${type}: "${spec}" is an empty window`);
    return { kind: 'window', start, end };
  }

  /** Whether the record type has a rule (otherwise it posts at once). */
  governs(type: PostingRecordType): boolean {
    return this.rules.has(type);
  }

  /**
   * When a posting of `type` that became due at `dueMs` may go (epoch ms, `nowMs` or later).
   * A window lets it go while open; a batch holds it to the first boundary after it became
   * due, so the postings of an interval leave together.
   */
  releaseAt(type: PostingRecordType, dueMs: number, nowMs: number): number {
    const rule = this.rules.get(type);
    if (!rule) return nowMs;
    if (rule.kind === 'batch') {
      const everyMs = rule.everyS * 1000;
      return Math.max(nowMs, (Math.floor(dueMs / everyMs) + 1) * everyMs);
    }
    const midnight = nowMs - (nowMs % (DAY_S * 1000));
    const s = (nowMs - midnight) / 1000;
    const open =
      rule.start < rule.end ? s >= rule.start && s < rule.end : s >= rule.start || s < rule.end;
    if (open) return nowMs;
    const startMs = midnight + rule.start * 1000;
    return startMs > nowMs ? startMs : startMs + DAY_S * 1000;
  }

  describe(type: PostingRecordType): string {
    const rule = this.rules.get(type);
    if (!rule) return 'at once';
    if (rule.kind === 'batch') return `in batches every ${rule.everyS} s`;
    const hhmmss = (v: number) => new Date(v * 1000).toISOString().slice(11, 19);
    return `in the window ${hhmmss(rule.start)}-${hhmmss(rule.end)} UTC`;
  }
}
