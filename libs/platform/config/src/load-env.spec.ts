import { IsInt, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { BaseEnv } from './base-env';
import { InvalidEnvironmentError, loadEnv } from './load-env';

class SampleEnv extends BaseEnv {
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  ERP_MAX_CONCURRENCY = 4;
}

describe('loadEnv', () => {
  it('applies defaults and converts numbers', () => {
    const sut = loadEnv(SampleEnv, { PORT: '3002', ERP_MAX_CONCURRENCY: '8' });
    expect(sut.PORT).toBe(3002);
    expect(sut.ERP_MAX_CONCURRENCY).toBe(8);
    expect(sut.MAX_DELIVER).toBe(5);
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('lists every bad variable at once', () => {
    const attempt = () =>
      loadEnv(SampleEnv, {
        DATABASE_URL: 'mysql://x',
        NATS_NAMESPACE: 'Bad-NS',
        ERP_MAX_CONCURRENCY: '0',
      });
    expect(attempt).toThrow(InvalidEnvironmentError);
    try {
      attempt();
    } catch (e) {
      const problems = (e as InvalidEnvironmentError).problems.join('\n');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('NATS_NAMESPACE');
      expect(problems).toContain('ERP_MAX_CONCURRENCY');
    }
  });
});
