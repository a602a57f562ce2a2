import { createWriteStream, WriteStream } from 'node:fs';
import { OpType, opTypeOf } from './checker';

export interface HttpAnswer {
  status?: number;
  text: string;
  json?: any;
  headers?: Headers;
  error?: string;
  ms: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/** One HTTP call; network errors and timeouts become an answer with `error`, never a throw. */
export async function http(req: HttpRequest): Promise<HttpAnswer> {
  const started = Date.now();
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, headers: res.headers, ms: Date.now() - started };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const error = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message);
    return { text: '', error, ms: Date.now() - started };
  }
}

export const json = (body: unknown) => JSON.stringify(body);

/** One operation as the client saw it (Jepsen's invoke/complete pair, flattened). */
export interface HistoryEntry {
  seq: number;
  phase: string;
  kind: string;
  key: string;
  invokedAt: number;
  completedAt: number;
  type: OpType;
  status?: number;
  resultId?: string;
  error?: string;
  body?: string;
  /** The `Retry-After` of a 429 or 5xx answer. */
  retryAfter?: string;
}

/** Append-only client history, also streamed to history.jsonl for post-mortems. */
export class History {
  readonly entries: HistoryEntry[] = [];
  private readonly out?: WriteStream;
  private seq = 0;

  constructor(file?: string) {
    if (file) this.out = createWriteStream(file);
  }

  record(
    phase: string,
    kind: string,
    key: string,
    invokedAt: number,
    answer: HttpAnswer,
    resultId?: string,
  ): HistoryEntry {
    const entry: HistoryEntry = {
      seq: ++this.seq,
      phase,
      kind,
      key,
      invokedAt,
      completedAt: Date.now(),
      type: opTypeOf(answer.status),
      status: answer.status,
      resultId,
      error: answer.error,
      body: answer.status && answer.status >= 300 ? answer.text.slice(0, 300) : undefined,
      retryAfter:
        answer.status === 429 || (answer.status ?? 0) >= 500
          ? (answer.headers?.get('retry-after') ?? undefined)
          : undefined,
    };
    this.entries.push(entry);
    this.out?.write(`${JSON.stringify(entry)}\n`);
    return entry;
  }

  of(kind: string, phase?: string): HistoryEntry[] {
    return this.entries.filter((e) => e.kind === kind && (!phase || e.phase === phase));
  }

  async close(): Promise<void> {
    if (!this.out) return;
    await new Promise<void>((resolve) => this.out!.end(() => resolve()));
  }
}
