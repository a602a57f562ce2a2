import type { Provider } from '@nestjs/common';
import { BaseEnv, loadEnv } from '@retail/platform-config';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '@retail/platform-messaging';
import { messagingImports } from './messaging-wiring';

function optionsFor(vars: Record<string, string>): ResolvedMessagingOptions {
  const env = loadEnv(BaseEnv, vars);
  const [sut] = messagingImports({ serviceName: 'inventory', schema: 'inventory', env });
  const provider = (sut.providers as Provider[]).find(
    (p) => typeof p === 'object' && 'provide' in p && p.provide === MESSAGING_OPTIONS,
  ) as { useValue: ResolvedMessagingOptions };
  return provider.useValue;
}

describe('messagingImports', () => {
  it('passes stream replicas and retention hours from the environment', () => {
    const sut = optionsFor({
      NATS_STREAM_REPLICAS: '3',
      OUTBOX_RETENTION_HOURS: '48',
      INBOX_RETENTION_HOURS: '336',
      NATS_STREAM_MAX_AGE_HOURS: '240',
    });
    expect(sut.replicas).toBe(3);
    expect(sut.streamMaxAgeMs).toBe(240 * 3_600_000);
    expect(sut.retention).toMatchObject({ outboxHours: 48, inboxHours: 336, enabled: true });
  });

  it('uses one replica and the default retention when nothing is set', () => {
    const sut = optionsFor({});
    expect(sut.replicas).toBe(1);
    expect(sut.streamMaxAgeMs).toBe(168 * 3_600_000);
    expect(sut.retention).toMatchObject({ outboxHours: 72, inboxHours: 168 });
  });
});
