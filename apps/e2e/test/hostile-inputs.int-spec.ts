import fc from 'fast-check';
import net from 'net';
import { Client } from 'pg';
import { PROBE_KINDS, ProbeKind, scopeViolation } from '../src/scope-walk';
import { ADMIN_KEY, Stack, startStack } from '../src/stack';

/**
 * Walks every documented route of every service (their own /docs-json) with hostile path,
 * query, header and body values, as a client of the running processes would send them: every
 * answer is a 4xx problem+json with the correlation id, no refused request leaves a row behind,
 * and every process is still up at the end (issue 17, the contract's cross-cutting HTTP rules).
 */

const SERVICES = ['order-ingestion', 'inventory', 'returns', 'master-data', 'channel-sync'];

interface Operation {
  service: string;
  method: string;
  path: string;
  params: Array<{ name: string; in: string }>;
  consumes: string[];
  /** The kinds of key the operation declares (`x-scopes`), when it declares them. */
  scopes?: string[];
}

interface Answer {
  status: number;
  contentType: string;
  body: any;
  correlationHeader: string | null;
}

/** Path ids no route may accept: each is a 4xx problem+json. */
const REFUSED_SEGMENTS = [
  'a%00b', // NUL
  'a%0Ab', // a control character
  'x'.repeat(129), // over the path parameter limit
  'x'.repeat(5000), // far over the router's limit
  '%ED%A0%80', // a lone surrogate, UTF-8 encoded
];

/** Odd but well-formed ids: a route may find nothing (404) or an empty view (200), never a 5xx. */
const ODD_SEGMENTS = [
  'x'.repeat(90), // longer than most id columns, within the parameter limit
  '%F0%9F%92%A5%C3%A9', // unicode
  '99999999999999999999999',
  '-1',
  '..%2F..%2Fetc%2Fpasswd',
  "'%3B%20DROP%20TABLE%20orders%3B--",
];

/**
 * Query values no parameter may accept. (Invalid UTF-8 such as an encoded lone surrogate is
 * decoded to U+FFFD by the query parser, a harmless character: the fuzz below sends it.)
 */
const REFUSED_QUERY_VALUES = ['a%00b', 'a%0Db', '%7F', 'x'.repeat(600)];

/** Values a numeric or cursor parameter must refuse (limits, sequences, cursors, ranges). */
const REFUSED_NUMBERS = ['99999999999999999999999', '-5', '1e309', 'NaN', '0x10', '1.5'];
const REFUSED_CURSORS = [
  // a cursor of a plausible length that is not a cursor
  '------------------------------------',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  Buffer.from('{"t":"not-a-time","id":"x"}').toString('base64url'),
];
const NUMERIC_PARAM = /^(limit|after|fromSequence|maxPages|olderThanMinutes)$/;

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** One raw HTTP/1.1 exchange, for requests fetch refuses to send (undecodable paths, huge lines). */
function rawRequest(port: number, head: string, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (c) => chunks.push(c));
    // The server may reset the connection right after answering a refused request.
    socket.on('error', (err) => (chunks.length === 0 ? reject(err) : socket.destroy()));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headerBlock, ...rest] = text.split('\r\n\r\n');
      const lines = headerBlock.split('\r\n');
      const status = Number(lines[0]?.split(' ')[1] ?? 0);
      const header = (name: string) =>
        lines
          .find((l) => l.toLowerCase().startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim() ?? null;
      let bodyText = rest.join('\r\n\r\n');
      if (/chunked/i.test(header('transfer-encoding') ?? '')) {
        bodyText = bodyText
          .split('\r\n')
          .filter((_, i) => i % 2 === 1)
          .join('');
      }
      resolve({
        status,
        contentType: header('content-type') ?? '',
        body: parse(bodyText),
        correlationHeader: header('x-correlation-id'),
      });
    });
    socket.write(`${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n${body}`);
  });
}

describe('hostile input on every route of every service', () => {
  let stack: Stack;
  const operations: Operation[] = [];
  const failures: string[] = [];
  let requests = 0;

  beforeAll(async () => {
    stack = await startStack({
      only: [...SERVICES, 'backoffice-simulator', 'channel-simulator'],
      readyTimeoutMs: 240_000,
      env: {
        ...Object.fromEntries(SERVICES.map((s) => [s, { HTTP_RATE_LIMIT_PER_MINUTE: '1000000' }])),
      },
    });
    for (const service of SERVICES) {
      const doc = (await stack.call(service, 'GET', '/docs-json')).body;
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        if (!path.startsWith('/v1/')) continue;
        for (const [method, op] of Object.entries<any>(item)) {
          operations.push({
            service,
            method: method.toUpperCase(),
            path,
            params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in })),
            consumes: Object.keys(op.requestBody?.content ?? {}),
            scopes: op['x-scopes'],
          });
        }
      }
    }
  }, 400_000);
  afterAll(() => stack?.stop());

  const withSegment = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);
  const plain = (op: Operation) => withSegment(op.path, 'hostile-probe-1');

  async function send(
    service: string,
    method: string,
    path: string,
    init: { body?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    requests++;
    let res: Response;
    try {
      res = await fetch(`${stack.url(service)}${path}`, {
        method,
        headers: { 'x-api-key': ADMIN_KEY, ...init.headers },
        body: init.body,
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
      return {
        status: 0,
        contentType: '',
        body: `connection failed: ${cause}`,
        correlationHeader: null,
      };
    }
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: parse(await res.text()),
      correlationHeader: res.headers.get('x-correlation-id'),
    };
  }

  function expectProblem(label: string, a: Answer, statuses?: number[]): void {
    const ok =
      a.status >= 400 &&
      a.status < 500 &&
      (!statuses || statuses.includes(a.status)) &&
      a.contentType.startsWith('application/problem+json') &&
      typeof a.body === 'object' &&
      a.body?.status === a.status &&
      typeof a.body?.type === 'string' &&
      typeof a.body?.correlationId === 'string' &&
      a.body.correlationId === a.correlationHeader;
    if (!ok)
      failures.push(
        `${label}: ${a.status} ${a.contentType} ${JSON.stringify(a.body)?.slice(0, 200)}`,
      );
  }

  async function tableCounts(): Promise<Map<string, number>> {
    const client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const counts = new Map<string, number>();
      for (const service of SERVICES) {
        const schema = stack.schema(service);
        const { rows } = await client.query(
          `SELECT table_name FROM information_schema.tables
            WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
          [schema],
        );
        for (const { table_name } of rows) {
          const [{ n }] = (
            await client.query(`SELECT count(*)::int AS n FROM "${schema}"."${table_name}"`)
          ).rows;
          counts.set(`${service}.${table_name}`, n);
        }
      }
      return counts;
    } finally {
      await client.end();
    }
  }

  it('answers every hostile request 4xx problem+json, persists nothing, and stays up', async () => {
    expect(operations.length).toBeGreaterThan(30);
    const before = await tableCounts();

    for (const op of operations) {
      const label = (what: string) => `${op.service} ${op.method} ${op.path} ${what}`;
      const hasPathParams = op.path.includes('{');
      // Path parameters: NUL, over-long, undecodable-ish, out-of-range ids.
      const bodyOf =
        op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH'
          ? { body: '{}', headers: { 'content-type': 'application/json' } }
          : {};
      if (hasPathParams) {
        for (const seg of REFUSED_SEGMENTS) {
          const a = await send(op.service, op.method, withSegment(op.path, seg), bodyOf);
          expectProblem(label(`path=${seg.slice(0, 30)}`), a);
        }
        for (const seg of ODD_SEGMENTS) {
          const a = await send(op.service, op.method, withSegment(op.path, seg), bodyOf);
          // A well-formed id that names nothing: 404, 422 on the body, or an empty view.
          if (a.status >= 400) expectProblem(label(`path=${seg.slice(0, 30)}`), a);
          else if (a.status >= 300 || a.status < 200)
            failures.push(label(`path=${seg}: ${a.status}`));
        }
      }
      // Query parameters the operation documents.
      for (const q of op.params.filter((p) => p.in === 'query')) {
        const values = [
          ...REFUSED_QUERY_VALUES,
          ...(NUMERIC_PARAM.test(q.name) ? REFUSED_NUMBERS : []),
          ...(q.name === 'cursor' ? REFUSED_CURSORS : []),
        ];
        for (const v of values) {
          const a = await send(op.service, op.method, `${plain(op)}?${q.name}=${v}`, bodyOf);
          expectProblem(label(`?${q.name}=${v.slice(0, 30)}`), a);
        }
      }
      // An undeclared query parameter gets the same floor.
      expectProblem(
        label('?undeclared=NUL'),
        await send(op.service, op.method, `${plain(op)}?undeclared=a%00b`, bodyOf),
      );
      // Headers: an idempotency key over 255 characters where the route takes one.
      if (op.params.some((p) => p.in === 'header' && /^idempotency-key$/i.test(p.name))) {
        const a = await send(op.service, op.method, plain(op), {
          body: '{}',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'k'.repeat(300) },
        });
        expectProblem(label('idempotency-key over 255'), a);
      }
      // No key, an unknown key: 401 before anything else.
      const noKey = await send(op.service, op.method, plain(op), {
        headers: { 'x-api-key': '' },
      });
      expectProblem(label('no key'), noKey, [401, 429]);
      // Bodies: every case is refused before anything is stored.
      if (op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH') {
        const json = { 'content-type': 'application/json' };
        const ndjsonType = { 'content-type': 'application/x-ndjson' };
        const takesNdjson = op.consumes.some((c) => c.includes('ndjson'));
        const bodies: Array<[string, string | Buffer, Record<string, string>, number[]?]> = [
          ['deep JSON', '['.repeat(5000) + ']'.repeat(5000), json],
          ['deep object', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), json],
          ['malformed JSON', '{"a":', json],
          ['text/plain', 'hello', { 'content-type': 'text/plain' }, [415, 401, 429]],
          ['body over 1 MiB', JSON.stringify({ a: 'x'.repeat(1024 * 1024 + 10) }), json, [413]],
          ['NUL in body', '{"a":"\\u0000"}', json],
          ...(takesNdjson
            ? []
            : ([
                ['ndjson on a JSON route', '{"a":1}\n', ndjsonType, [415]],
                ['2 MiB of ndjson', Buffer.alloc(2 * 1024 * 1024, 'a'), ndjsonType, [413, 415]],
              ] as Array<[string, string | Buffer, Record<string, string>, number[]]>)),
        ];
        for (const [what, body, headers, statuses] of bodies) {
          const a = await send(op.service, op.method, plain(op), { body, headers });
          expectProblem(label(what), a, statuses);
        }
      }
    }

    // Framework-level refusals on a raw socket: undecodable path, over-long URL, huge header.
    for (const service of SERVICES) {
      const port = Number(new URL(stack.url(service)).port);
      const key = `x-api-key: ${ADMIN_KEY}`;
      const cases: Array<[string, string]> = [
        ['undecodable path', `GET /v1/orders/%E0%A4%A HTTP/1.1\r\n${key}`],
        ['undecodable path (bad percent)', `GET /v1/orders/%zz HTTP/1.1\r\n${key}`],
        ['over-long URL', `GET /v1/orders/${'x'.repeat(70_000)} HTTP/1.1\r\n${key}`],
        ['header over 16 KiB', `GET /v1/orders HTTP/1.1\r\n${key}\r\nx-big: ${'y'.repeat(33_000)}`],
      ];
      for (const [what, head] of cases) {
        requests++;
        const answer = await rawRequest(port, head).catch((err: Error): Answer => ({
          status: 0,
          contentType: '',
          body: err.message,
          correlationHeader: null,
        }));
        expectProblem(`${service} ${what}`, answer);
      }
    }

    // Fuzzed values (fast-check) in every place a route takes input: its path parameters, each
    // query parameter it documents and an undeclared one, the headers every route reads, and
    // the body of every route that takes one. Where the value is not the thing refused, the
    // request still is (a NUL body), so nothing fuzzed can be accepted and persist.
    const hostileString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
      fc.constantFrom('\u0000', '\ud800', '-0', '1e400', '%', '..', '//', ' ', '-1', '1e309'),
      fc.integer({ min: 1025, max: 5000 }).map((n) => 'h'.repeat(n)),
    );
    const placesOf = (op: Operation): string[] => [
      ...(op.path.includes('{') ? ['path'] : []),
      ...op.params.filter((p) => p.in === 'query').map((p) => `query:${p.name}`),
      'query:undeclared',
      'header:idempotency-key',
      'header:x-correlation-id',
      'header:x-api-key',
      ...(op.consumes.length > 0 ? ['body'] : []),
    ];
    const uriOf = (value: string) =>
      value.includes('\ud800') || !value.isWellFormed()
        ? '%ED%A0%80'
        : encodeURIComponent(value) || 'x';
    const places = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.nat(),
        hostileString,
        async (op, pick, value) => {
          const where = placesOf(op)[pick % placesOf(op).length];
          places.set(where.split(':')[0], (places.get(where.split(':')[0]) ?? 0) + 1);
          const writes = ['POST', 'PUT', 'PATCH'].includes(op.method);
          let path = plain(op);
          const headers: Record<string, string> = writes
            ? { 'content-type': 'application/json' }
            : {};
          let body: string | undefined = writes ? '{"hostile":"\\u0000"}' : undefined;
          if (where === 'path') path = withSegment(op.path, uriOf(value));
          if (where.startsWith('query:')) path = `${path}?${where.slice(6)}=${uriOf(value)}`;
          if (where.startsWith('header:')) {
            // Header values are bytes: what fetch cannot send is sent percent-encoded.
            const latin1 = /^[\t\x20-\x7e\x80-\xff]*$/.test(value) ? value : uriOf(value);
            headers[where.slice(7)] =
              where === 'header:x-api-key' ? `${ADMIN_KEY}${latin1}` : latin1 || 'x';
          }
          if (where === 'body')
            body = JSON.stringify({
              __hostile: value,
              nested: [{ value }],
              n: Number(value) || -1,
            });
          const a = await send(op.service, op.method, path, { body, headers });
          const json = /application\/(problem\+)?json/.test(a.contentType);
          const refusedAsProblem =
            a.status < 400 || a.contentType.startsWith('application/problem+json');
          if (a.status >= 500 || a.status === 0 || !json || !refusedAsProblem)
            failures.push(
              `fuzz ${op.service} ${op.method} ${op.path} ${where}=${JSON.stringify(value).slice(0, 40)}: ${a.status} ${a.contentType}`,
            );
          // A write whose body or value was refused must not be accepted.
          if (writes && a.status < 300)
            failures.push(
              `fuzz ${op.service} ${op.method} ${op.path} ${where}: accepted ${a.status}`,
            );
          return true;
        },
      ),
      { numRuns: 1500, seed: Number(process.env.FC_SEED ?? 1717) },
    );
    for (const place of ['path', 'query', 'header', 'body'])
      if (!places.get(place)) failures.push(`fuzz never reached a ${place} parameter`);
    process.stdout.write(
      `[hostile] fuzz by place: ${JSON.stringify(Object.fromEntries(places))}\n`,
    );

    const after = await tableCounts();
    const grown = [...after].filter(
      ([table, n]) => n > (before.get(table) ?? 0) && !/security_events|_jobs$|jobs$/.test(table),
    );
    for (const service of SERVICES) {
      const live = await fetch(`${stack.url(service)}/health/live`);
      if (live.status !== 200) failures.push(`${service} is not live after the walk`);
    }
    process.stdout.write(
      `[hostile] ${operations.length} operations, ${requests} requests, ${failures.length} failures\n`,
    );
    expect(failures).toEqual([]);
    expect(grown).toEqual([]);
  }, 900_000);

  // Accepted probes may act (an admin key starts an ERP sync): this runs after the row check.
  it('accepts on every route exactly the kinds of key it declares, and no request without a key', async () => {
    const scopeFailures: string[] = [];
    // Every operation with every kind of key and with none: a route declares x-scopes and
    // accepts exactly those (scope-walk.ts holds the judgement, proven on wrong declarations).
    const keyOf: Record<ProbeKind, string> = {
      admin: ADMIN_KEY,
      service: stack.serviceKeys['order-ingestion'], // a 'service' key (the console's is admin)
      channel: 'shopify-key',
      wms: 'wms-key',
      store: 'rt-store-key',
      none: '',
    };
    for (const op of operations) {
      for (const kind of PROBE_KINDS) {
        const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? '{}' : undefined;
        // The probing channel's own name where a path names a channel, so that only the scope
        // can refuse it.
        const path = op.path.replace('{channel}', 'shopify').replace(/\{[^}]+\}/g, 'scope-probe-1');
        const a = await send(op.service, op.method, path, {
          body,
          headers: {
            'x-api-key': keyOf[kind],
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
        });
        const violation = scopeViolation(op.scopes, kind, a);
        if (violation)
          scopeFailures.push(
            `scope ${kind} on ${op.service} ${op.method} ${op.path}: ${violation}`,
          );
      }
    }

    process.stdout.write(
      `[hostile] scope walk: ${operations.length} operations x ${PROBE_KINDS.length} callers, ${scopeFailures.length} failures\n`,
    );
    expect(scopeFailures).toEqual([]);
  }, 300_000);
});
