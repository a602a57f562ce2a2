import type { StreamDefinition } from '@retail/contracts';

/** A deployment namespace: lowercase letters, digits and `_` (it becomes a subject token). */
const NAMESPACE = /^[a-z0-9_]+$/;

export function assertNamespace(ns: string): void {
  if (ns !== '' && !NAMESPACE.test(ns)) {
    throw new InvalidNamespaceError(ns);
  }
}

export class InvalidNamespaceError extends Error {
  constructor(ns: string) {
    super(`invalid NATS namespace "${ns}": use lowercase letters, digits and _`);
  }
}

/** `RETAIL_ORDERS` in namespace `t1a2b` is `T1A2B_RETAIL_ORDERS`; no namespace, no prefix. */
export function streamName(def: StreamDefinition | string, ns = ''): string {
  const name = typeof def === 'string' ? def : def.name;
  return ns ? `${ns.toUpperCase()}_${name}` : name;
}

/** `retail.orders.v1.order.accepted` in namespace `t1a2b` is `t1a2b.retail.orders.v1.order.accepted`. */
export function subjectFor(type: string, ns = ''): string {
  return ns ? `${ns}.${type}` : type;
}

/** Inverse of {@link subjectFor}: the logical subject (= CloudEvent `type`) of a wire subject. */
export function logicalSubject(wireSubject: string, ns = ''): string {
  const prefix = `${ns}.`;
  return ns && wireSubject.startsWith(prefix) ? wireSubject.slice(prefix.length) : wireSubject;
}

/** Inverse of {@link streamName}. */
export function logicalStreamName(wireStream: string, ns = ''): string {
  const prefix = `${ns.toUpperCase()}_`;
  return ns && wireStream.startsWith(prefix) ? wireStream.slice(prefix.length) : wireStream;
}

/** Dead letters of one consumer: `retail.dlq.<stream>.<consumer>` (logical names, then namespaced). */
export function dlqSubject(stream: string, consumer: string, ns = ''): string {
  return subjectFor(`retail.dlq.${stream}.${consumer}`, ns);
}

/** Durable consumer names are derived: `<service>--<handler>`. */
export function durableName(service: string, handler: string): string {
  return `${service}--${handler}`;
}
