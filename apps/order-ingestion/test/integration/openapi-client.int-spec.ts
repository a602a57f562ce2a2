import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEST_ADMIN_KEY } from '@retail/platform-testing';
import * as ts from 'typescript';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

const root = resolve(__dirname, '../../../..');
const document = join(root, 'docs/api/order-ingestion.openapi.json');

// A channel developer's client: types generated from the committed OpenAPI document with
// openapi-typescript, calls made with openapi-fetch; nothing from this repository's sources.
const CLIENT = `import createClient from 'openapi-fetch';
import type { components, paths } from './order-ingestion';

export type CanonicalOrder = components['schemas']['CanonicalOrder'];

export async function postOrder(baseUrl: string, apiKey: string, order: CanonicalOrder) {
  const client = createClient<paths>({ baseUrl });
  const { data, error, response } = await client.POST('/v1/orders', {
    body: order,
    headers: { 'x-api-key': apiKey },
    params: { header: { 'Idempotency-Key': 'client-' + order.channelOrderId } },
  });
  return { status: response.status, orderId: data?.orderId, error };
}
`;

// The same client with a body that lacks every required field but the channel.
const WRONG = `import createClient from 'openapi-fetch';
import type { paths } from './order-ingestion';

export async function postIncomplete(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  return client.POST('/v1/orders', { body: { channel: 'shopify' } });
}
`;

function diagnostics(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a client generated from the OpenAPI document (openapi-typescript + openapi-fetch)', () => {
  let h: Harness;
  let dir: string;
  let baseUrl: string;

  beforeAll(async () => {
    // Inside node_modules so that the client resolves openapi-fetch as an installed package.
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    dir = mkdtempSync(join(root, 'node_modules/.cache/openapi-client-'));
    execFileSync(
      join(root, 'node_modules/.bin/openapi-typescript'),
      [document, '-o', join(dir, 'order-ingestion.d.ts')],
      { stdio: 'pipe' },
    );
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'wrong.ts'), WRONG);
    h = await startOrderIngestion();
    h.catalog.publish('SKU-1');
    await h.svc.app.listen(0, '127.0.0.1');
    baseUrl = (await h.svc.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await h?.svc.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('compiles against the generated types', () => {
    expect(diagnostics(join(dir, 'client.ts'))).toEqual([]);
  });

  it('refuses to compile a body the document says is incomplete', () => {
    const errors = diagnostics(join(dir, 'wrong.ts'));
    expect(errors.join('\n')).toMatch(/channelOrderId/);
  });

  it('posts a canonical order that the service accepts and stores', async () => {
    const js = ts.transpileModule(CLIENT, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    writeFileSync(join(dir, 'client.js'), js);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const client = require(join(dir, 'client.js')) as {
      postOrder: (
        url: string,
        key: string,
        order: unknown,
      ) => Promise<{ status: number; orderId?: string; error?: unknown }>;
    };
    const order = canonicalOrder();

    const sent = await client.postOrder(baseUrl, TEST_ADMIN_KEY, order);

    expect(sent).toMatchObject({ status: 202, orderId: expect.any(String) });
    const stored = await h.get(`/v1/orders/${sent.orderId}`).expect(200);
    expect(stored.body).toMatchObject({ channel: 'shopify', channelOrderId: order.channelOrderId });
    const again = await client.postOrder(baseUrl, TEST_ADMIN_KEY, order);
    expect(again).toMatchObject({ status: 202, orderId: sent.orderId });
  });
});
