/** A failed call to another service that retrying may fix (network, timeout, 5xx, 429). */
export class ServiceUnavailableError extends Error {
  constructor(service: string, detail: string) {
    super(`${service} unavailable: ${detail}`);
    this.name = 'ServiceUnavailableError';
  }
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * One JSON call to a sibling service with a timeout. Network failures, timeouts, 429 and 5xx
 * throw ServiceUnavailableError (retry later); other answers are returned to the caller.
 */
export async function callJson(
  service: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown; timeoutMs: number },
): Promise<JsonResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
  } catch (err) {
    throw new ServiceUnavailableError(service, (err as Error).message);
  }
  const text = await response.text();
  if (response.status === 429 || response.status >= 500)
    throw new ServiceUnavailableError(service, `HTTP ${response.status}`);
  return { status: response.status, body: text ? safeParse(text) : undefined };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
