import type { FetchFn } from './platform-fetch';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A scripted fetch for unit specs: answers in order and records every call (no I/O). */
export function fakeFetch(responses: FakeResponse[]): { fetch: FetchFn; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const queue = [...responses];
  const fetch: FetchFn = async (input, init) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const next = queue.shift() ?? { status: 500 };
    const text = next.body === undefined ? null : JSON.stringify(next.body);
    return new Response(text, { status: next.status, headers: next.headers });
  };
  return { fetch, calls };
}
