// Response schemas of the ops routes (OpsController), mirroring DeadLetterEntry,
// DeadLetterDetail, DlqReplayResult, DlqBulkReplayResult and ReplayResult.
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };
const NULL: SchemaObject = { type: 'null' };
const orNull = (schema: SchemaObject): SchemaObject => ({ oneOf: [schema, NULL] });
const nullableStr = orNull(str);
const nullableInt = orNull(int);

function object(properties: Record<string, SchemaObject>): SchemaObject {
  return { type: 'object', required: Object.keys(properties), properties };
}

const REPLAY_MARK = object({
  dlqSequence: int,
  replayedAt: { type: 'string', format: 'date-time' },
  replayedBy: str,
  republishedSequence: int,
});

const ENTRY_FIELDS: Record<string, SchemaObject> = {
  id: { ...int, description: 'Sequence in RETAIL_DLQ' },
  reason: str,
  stream: str,
  consumer: str,
  subject: str,
  streamSequence: int,
  deliveries: int,
  failedAt: { type: 'string', format: 'date-time' },
  event: { ...orNull({ type: 'object' }), description: 'The CloudEvent, or null for poison' },
  headers: { type: 'object', additionalProperties: str },
  replayed: orNull(REPLAY_MARK),
};

export const DEAD_LETTER_LIST: SchemaObject = { type: 'array', items: object(ENTRY_FIELDS) };

export const DEAD_LETTER_DETAIL = object({
  ...ENTRY_FIELDS,
  payload: str,
  payloadEncoding: { type: 'string', enum: ['utf8', 'base64'] },
});

export const DLQ_REPLAY_RESULT = object({
  id: int,
  status: { type: 'string', enum: ['replayed', 'already-replayed'] },
  mark: REPLAY_MARK,
});

export const DLQ_BULK_REPLAY_RESULT = object({
  dryRun: { type: 'boolean' },
  matched: int,
  truncated: { type: 'boolean' },
  items: {
    type: 'array',
    items: object({
      id: int,
      subject: str,
      eventId: nullableStr,
      correlationId: nullableStr,
      outcome: { type: 'string', enum: ['would-replay', 'replayed', 'already-replayed'] },
    }),
  },
});

export const REPLAY_RESULT = object({
  replayId: str,
  stream: str,
  republished: int,
  firstSequence: nullableInt,
  lastSequence: nullableInt,
  truncated: { type: 'boolean' },
  dryRun: { type: 'boolean' },
  matched: int,
  items: {
    type: 'array',
    items: object({
      sequence: int,
      subject: str,
      eventId: nullableStr,
      correlationId: nullableStr,
    }),
  },
});
