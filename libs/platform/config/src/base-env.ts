import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** A stream may not keep events longer than the inboxes remember them (see NATS_STREAM_MAX_AGE_HOURS). */
@ValidatorConstraint({ name: 'withinInboxRetention' })
class WithinInboxRetention implements ValidatorConstraintInterface {
  validate(value: number, args: ValidationArguments): boolean {
    return value <= (args.object as BaseEnv).INBOX_RETENTION_HOURS;
  }

  defaultMessage(): string {
    return 'must not exceed INBOX_RETENTION_HOURS: a replayed event older than the inbox retention would be applied twice';
  }
}

/** Variables every service reads. Service-specific classes extend this one. */
export class BaseEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  @IsOptional()
  PORT?: number;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/retail';

  @Matches(/^(nats|tls):\/\//, { message: 'NATS_URL must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** PostgreSQL schema of the service; defaults to the service's own schema name. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DB_SCHEMA must be a lowercase identifier' })
  @IsOptional()
  DB_SCHEMA?: string;

  /** Prefix for streams and subjects (tests, shared clusters). Empty in production. */
  @Matches(/^([a-z][a-z0-9]{0,15})?$/, { message: 'NATS_NAMESPACE must be [a-z][a-z0-9]{0,15}' })
  NATS_NAMESPACE = '';

  /** `key=scope,key=scope` where scope is `admin`, `service` (our other services) or `channel:<name>`. */
  @IsString()
  @IsOptional()
  RETAIL_API_KEYS?: string;

  /**
   * This service's own key for every call to another of our services (`x-api-key`); the callees
   * list it as `<key>=service` in their RETAIL_API_KEYS. Required in production by services that
   * call others; `local-admin-key` elsewhere when unset.
   */
  @IsString()
  @IsOptional()
  SERVICE_API_KEY?: string;

  /** Timeout of one call to another of our services. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SERVICE_CALL_TIMEOUT_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_DELIVER = 5;

  /**
   * `num_replicas` of the JetStream streams the services provision. 1 for a single server; the
   * production cluster (3 nodes) uses 3. Every service must use the same value: each one
   * updates the stream configuration at boot.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5)
  NATS_STREAM_REPLICAS = 1;

  /** Published outbox rows are deleted once older than this (hours). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS = 72;

  /**
   * Inbox rows (consumed event ids) are deleted once older than this (hours). Keep it far longer
   * than any redelivery or replay window: a replayed copy of an event whose inbox row is gone is
   * applied again.
   */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  INBOX_RETENTION_HOURS = 168;

  /**
   * `max_age` of every JetStream stream the services provision, dead letters included (hours):
   * older messages are deleted, whether consumed or not. It bounds the disk the streams use and
   * how long personal data in order events stays in them (erasure), and it may not exceed
   * INBOX_RETENTION_HOURS, so that no replay can reach an event its consumers have forgotten. A
   * consumer stopped for longer than this loses the events it missed: the lag alert fires long
   * before. Every service must use the same value: each one updates the streams at boot.
   */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  @Validate(WithinInboxRetention)
  NATS_STREAM_MAX_AGE_HOURS = 168;

  /** Requests per minute per API key before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  HTTP_RATE_LIMIT_PER_MINUTE = 60000;

  /**
   * Failed authentications (missing or unknown x-api-key) one client address may make per
   * minute before every request it sends needing a key is answered 429 for the rest of it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_FAILURES_PER_MINUTE = 120;

  /**
   * Proxies (IP addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client;
   * empty: the socket address is the client, whatever the header says (ADR 0008).
   */
  @IsString()
  @Matches(/^[0-9A-Fa-f:./,\s]*$/)
  TRUSTED_PROXIES = '';

  /** Seconds to drain in-flight work on SIGTERM. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_SECONDS = 10;

  /** How long a concurrent duplicate Idempotency-Key request waits before 409. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  IDEMPOTENCY_INFLIGHT_WAIT_MS = 5000;
}
