// The committed OpenAPI documents (docs/api) are what the code serves: no drift, no breaking
// change, and every operation described. Gaps that predate this check are listed in
// known-gaps.json; the list may only shrink (a listed gap that is fixed fails too).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakingChanges, incompleteOperations } from './checks';
import { committedFiles, drift, REPO_ROOT } from './files';
import { API_DOCS_DIR, generateApiDocuments } from './generate-api';

jest.setTimeout(300_000);

describe('docs/api', () => {
  let generated: Record<string, string>;
  const committed = committedFiles(API_DOCS_DIR, '.openapi.json');
  const knownGaps: Record<string, string[]> = JSON.parse(
    readFileSync(join(__dirname, 'known-gaps.json'), 'utf8'),
  ).gaps;

  beforeAll(async () => {
    generated = await generateApiDocuments();
  });

  it('makes no breaking change against the committed documents', () => {
    const breaking = Object.entries(committed).flatMap(([name, text]) =>
      breakingChanges(JSON.parse(text), JSON.parse(generated[name] ?? '{}')).map(
        (change) => `${name}: ${change}`,
      ),
    );
    expect(breaking).toEqual([]);
  });

  it('commits exactly what the code generates (run `npm run docs:api`)', () => {
    expect(Object.keys(generated).length).toBe(5);
    expect(drift(committed, generated)).toEqual([]);
  });

  it('describes every operation: body, success and problem+json errors, security', () => {
    const gaps = Object.fromEntries(
      Object.entries(generated).map(([name, text]) => [
        name,
        incompleteOperations(JSON.parse(text)),
      ]),
    );
    expect(gaps).toEqual(knownGaps);
  });

  it('lets webhook routes take their channel signature, not x-api-key', () => {
    const channelSync = JSON.parse(generated['channel-sync.openapi.json']);
    expect(channelSync.paths['/v1/channels/square/webhooks'].post.security).toEqual([
      { 'square-signature': [] },
    ]);
    expect(channelSync.paths['/v1/channels/bigcommerce/webhooks'].post.security).toEqual([
      { 'bigcommerce-token': [] },
    ]);
    const orders = JSON.parse(generated['order-ingestion.openapi.json']);
    // Shopify's HMAC, or a service key (channel-sync forwarding a pulled order, ADR 0018).
    expect(orders.paths['/v1/channels/shopify/orders'].post.security).toEqual(
      expect.arrayContaining([{ 'shopify-hmac': [] }, { 'api-key': [] }]),
    );
    expect(orders.paths['/v1/orders'].post.security).toEqual([{ 'api-key': [] }]);
    expect(orders.paths['/v1/orders'].post['x-scopes']).toEqual(expect.any(Array));
  });

  it('types request bodies with the contract schemas', () => {
    const orders = JSON.parse(generated['order-ingestion.openapi.json']);
    const order = orders.components.schemas.CanonicalOrder;
    expect(order.required).toEqual(expect.arrayContaining(['channelOrderId', 'lines']));
    expect(orders.components.schemas.OrderLine.properties.quantity.type).toBe('integer');
  });

  it('keeps no repository path of a machine in the documents', () => {
    for (const text of Object.values(generated)) expect(text).not.toContain(REPO_ROOT);
  });
});
