import { RequestContext } from './request-context';
import { activeTraceparent, tracingActive, withMessageSpan } from './trace-context';
import { instrumentFromEnv, startTracing, tracingSettings } from './tracing';

const RECEIVED = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracing settings (standard OTEL_* variables)', () => {
  it('is off when no exporter is named, or named none', () => {
    expect(tracingSettings({})).toEqual({ enabled: false, exporters: [] });
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: ' ' }).enabled).toBe(false);
  });

  it('is on with otlp and/or console, each once', () => {
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({
      enabled: true,
      exporters: ['otlp'],
    });
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'OTLP, console,otlp' }).exporters).toEqual([
      'otlp',
      'console',
    ]);
  });

  it('is off with OTEL_SDK_DISABLED=true whatever the exporter', () => {
    const env = { OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'TRUE' };
    expect(tracingSettings(env).enabled).toBe(false);
    expect(tracingSettings({ ...env, OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
  });

  it('refuses an exporter it does not ship, naming the variable', () => {
    expect(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      /OTEL_TRACES_EXPORTER: unsupported exporter "zipkin"/,
    );
  });
});

describe('with tracing off (the default)', () => {
  it('patches nothing and registers no provider', () => {
    expect(instrumentFromEnv({})).toBe(false);
    expect(startTracing('svc', { env: {} })).toBe(false);
    expect(tracingActive()).toBe(false);
  });

  it('passes the received traceparent through messaging hops unchanged', async () => {
    const sent = await withMessageSpan(
      { name: 'x publish', kind: 'producer', traceparent: RECEIVED },
      async (traceparent) => traceparent,
    );
    expect(sent).toBe(RECEIVED);
    RequestContext.run({ correlationId: 'c-1', traceparent: RECEIVED }, () => {
      expect(activeTraceparent()).toBeUndefined();
      expect(RequestContext.traceparent()).toBe(RECEIVED);
    });
  });
});
