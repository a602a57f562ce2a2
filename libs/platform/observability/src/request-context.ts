import { AsyncLocalStorage } from 'async_hooks';
import { activeTraceparent } from './trace-context';

/** What travels with one request or one consumed message through every await. */
export interface RequestContextData {
  correlationId: string;
  /** Id of the event or request that caused the current work. */
  causationId?: string;
  /** Id of the message being consumed, when inside a consumer. */
  messageId?: string;
  /** W3C trace context received (header or message); read it with RequestContext.traceparent(). */
  traceparent?: string;
  /** Principal from the API key (`admin`, `service` or `channel:<name>`), when inside an HTTP request. */
  scope?: string;
  /** The HTTP request being answered, for log lines (method and url, as the access log has them). */
  request?: { method: string; url: string };
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * Correlation and causation ids carried through AsyncLocalStorage, so log lines, outbox events
 * and back-office calls pick them up without threading parameters through every function.
 */
export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  /**
   * W3C `traceparent` of the work now: the active span's while tracing (so an event or call made
   * here continues from it), else the one received with the request or message.
   */
  traceparent(): string | undefined {
    return activeTraceparent() ?? storage.getStore()?.traceparent;
  },
  /** Mutates the current context (e.g. once the API key is resolved). */
  patch(data: Partial<RequestContextData>): void {
    const store = storage.getStore();
    if (store) Object.assign(store, data);
  },
};
