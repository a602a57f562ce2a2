import {
  context,
  diag,
  DiagConsoleLogger,
  DiagLogLevel,
  propagation,
  trace,
} from '@opentelemetry/api';
import type {
  NodeTracerProvider,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { RequestContext } from './request-context';
import { CORRELATION_ATTRIBUTE, markTracingActive } from './trace-context';

/** Requests never traced: probes, scrapes and the API docs. */
const UNTRACED_PATHS = /^\/(health|metrics|docs)(\/|\?|$|-json)/;

export interface TracingSettings {
  /** False unless an exporter is named and the SDK is not disabled. */
  enabled: boolean;
  /** `OTEL_TRACES_EXPORTER`, without `none`: `otlp` and/or `console`. */
  exporters: string[];
}

const SUPPORTED_EXPORTERS = ['otlp', 'console'];

/**
 * Reads the standard variables. Unlike the OpenTelemetry default (`otlp`), an unset
 * `OTEL_TRACES_EXPORTER` means no tracing at all: nothing is patched, no span is recorded, and
 * nothing is sent anywhere (ADR 0031). `OTEL_SDK_DISABLED=true` turns it off whatever else is set.
 */
export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true')
    return { enabled: false, exporters: [] };
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'none');
  const unknown = exporters.filter((e) => !SUPPORTED_EXPORTERS.includes(e));
  if (unknown.length)
    throw new Error(
      `OTEL_TRACES_EXPORTER: unsupported exporter "${unknown.join(',')}" (use otlp, console or none)`,
    );
  return { enabled: exporters.length > 0, exporters: [...new Set(exporters)] };
}

/**
 * The SDK, exporter and instrumentations, loaded only when tracing is on: with it off a service
 * loads none of them (ADR 0031). Synchronous, so the patching can precede Nest's imports.
 */
function loadSdk() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node')),
    ...(require('@opentelemetry/resources') as typeof import('@opentelemetry/resources')),
    ...(require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation')),
    ...(require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http')),
    ...(require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg')),
    ...(require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici')),
    ...(require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

let instrumented = false;
let provider: NodeTracerProvider | undefined;

/**
 * Patches http (incoming and outgoing), undici (fetch, the platform HTTP client) and pg, once,
 * when tracing is enabled. Must run before those modules are first required, which is why the
 * service package imports it before Nest (`libs/platform/service/src/instrument.ts`).
 */
export function instrumentFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!tracingSettings(env).enabled) return false;
  instrument();
  return true;
}

function instrument(): void {
  if (instrumented) return;
  instrumented = true;
  const {
    registerInstrumentations,
    HttpInstrumentation,
    UndiciInstrumentation,
    PgInstrumentation,
  } = loadSdk();
  if (process.env.OTEL_LOG_LEVEL)
    diag.setLogger(new DiagConsoleLogger(), diagLevel(process.env.OTEL_LOG_LEVEL));
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        // Outgoing calls are traced by undici (fetch); bare http calls only inside a trace.
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({
        requireParentforSpans: true,
        startSpanHook: () => correlationAttribute(),
      }),
      // Relay polls and other housekeeping queries outside any request make no traces of their
      // own; statements only, never their parameters (enhancedDatabaseReporting stays off).
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
}

function correlationAttribute(): Record<string, string> {
  const correlationId = RequestContext.correlationId();
  return correlationId ? { [CORRELATION_ATTRIBUTE]: correlationId } : {};
}

function diagLevel(value: string): DiagLogLevel {
  const level = DiagLogLevel[value.trim().toUpperCase() as keyof typeof DiagLogLevel];
  return level ?? DiagLogLevel.INFO;
}

export interface StartTracingOptions {
  env?: NodeJS.ProcessEnv;
  /** Tests: export to this (e.g. an InMemorySpanExporter, synchronously) instead of the env's. */
  exporter?: SpanExporter;
}

/**
 * Starts the tracer provider for `serviceName` (overridden by `OTEL_SERVICE_NAME`) with the
 * exporters `OTEL_TRACES_EXPORTER` names; OTLP/HTTP reads `OTEL_EXPORTER_OTLP_*` itself and
 * batches per `OTEL_BSP_*`, the sampler follows `OTEL_TRACES_SAMPLER`. Returns false (and does
 * nothing) when tracing is off. Idempotent.
 */
export function startTracing(serviceName: string, options: StartTracingOptions = {}): boolean {
  const settings = tracingSettings(options.env ?? process.env);
  if (!settings.enabled && !options.exporter) return false;
  if (provider) return true;
  instrument();
  const {
    BatchSpanProcessor,
    ConsoleSpanExporter,
    NodeTracerProvider,
    OTLPTraceExporter,
    SimpleSpanProcessor,
    defaultResource,
    detectResources,
    envDetector,
    resourceFromAttributes,
  } = loadSdk();
  const processors: SpanProcessor[] = options.exporter
    ? [new SimpleSpanProcessor(options.exporter)]
    : settings.exporters.map((name) =>
        name === 'console'
          ? new SimpleSpanProcessor(new ConsoleSpanExporter())
          : new BatchSpanProcessor(new OTLPTraceExporter()),
      );
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  // Global provider, AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  markTracingActive(true);
  return true;
}

/** Sends the spans still buffered and stops tracing (graceful shutdown, tests). */
export async function shutdownTracing(): Promise<void> {
  const current = provider;
  if (!current) return;
  provider = undefined;
  markTracingActive(false);
  await current.shutdown().catch(() => undefined);
  // Unregisters the globals so a later startTracing (tests) can register again.
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Sends the spans still buffered without stopping (tests, before asserting). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}
