import { BaseEnv } from './base-env';
import { InvalidEnvironmentError, loadEnv } from './load-env';

const problemsOf = (vars: Record<string, string>): string => {
  try {
    loadEnv(BaseEnv, vars);
  } catch (e) {
    if (e instanceof InvalidEnvironmentError) return e.problems.join('\n');
    throw e;
  }
  return '';
};

describe('BaseEnv messaging variables', () => {
  it('defaults to one stream replica, 72 h outbox and 168 h inbox retention', () => {
    const sut = loadEnv(BaseEnv, {});
    expect(sut.NATS_STREAM_REPLICAS).toBe(1);
    expect(sut.OUTBOX_RETENTION_HOURS).toBe(72);
    expect(sut.INBOX_RETENTION_HOURS).toBe(168);
  });

  it('reads them as integers', () => {
    const sut = loadEnv(BaseEnv, {
      NATS_STREAM_REPLICAS: '3',
      OUTBOX_RETENTION_HOURS: '24',
      INBOX_RETENTION_HOURS: '720',
    });
    expect(sut.NATS_STREAM_REPLICAS).toBe(3);
    expect(sut.OUTBOX_RETENTION_HOURS).toBe(24);
    expect(sut.INBOX_RETENTION_HOURS).toBe(720);
  });

  it.each([
    ['NATS_STREAM_REPLICAS', '0'],
    ['NATS_STREAM_REPLICAS', '6'],
    ['NATS_STREAM_REPLICAS', 'three'],
    ['OUTBOX_RETENTION_HOURS', '0'],
    ['INBOX_RETENTION_HOURS', '1'],
    ['NATS_STREAM_MAX_AGE_HOURS', '12'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value })).toContain(name);
  });

  it('keeps stream messages 168 h by default, never longer than the inbox remembers them', () => {
    expect(loadEnv(BaseEnv, {}).NATS_STREAM_MAX_AGE_HOURS).toBe(168);
    expect(problemsOf({ NATS_STREAM_MAX_AGE_HOURS: '336' })).toMatch(
      /NATS_STREAM_MAX_AGE_HOURS: must not exceed INBOX_RETENTION_HOURS/,
    );
    const longer = loadEnv(BaseEnv, {
      NATS_STREAM_MAX_AGE_HOURS: '336',
      INBOX_RETENTION_HOURS: '720',
    });
    expect(longer.NATS_STREAM_MAX_AGE_HOURS).toBe(336);
  });
});
