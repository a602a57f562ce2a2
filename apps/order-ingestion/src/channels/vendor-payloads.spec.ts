import { CanonicalOrder, validateContract } from '@retail/contracts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHANNEL_ADAPTERS, isChannelName } from './channel-adapter';
import { toCanonicalOrder } from './canonical-parts';
import type { ChannelName, MappedChannelOrder } from './channel-types';
import { isObject, Json } from './mapping-context';
import { toMinorUnits } from './money';
import { copy } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';
import squareDocumented from './__fixtures__/documented/square-order-gift-card-modifiers-tip-split-tenders.json';
import shopifyDocumented from './__fixtures__/documented/shopify-order-gift-card-tip-transactions.json';

// Every order payload the channels' vendors (and third-party integrations) publish, replayed as
// published through its channel adapter: accepted, amounts exact. The payloads live outside the
// repository (../shared/reference/channel-payloads, see SOURCES.md there) and are never copied in.
const ROOT = resolve(__dirname, '../../../..', '../shared/reference/channel-payloads');
if (!existsSync(ROOT)) {
  throw new Error(
    `vendor payloads not found at ${ROOT}: check out the shared reference folder next to the repository (../shared/reference/channel-payloads)`,
  );
}

/** lineId, kind, canonical sku (null: none), quantity, unitPrice, discount, tax (minor units). */
type Line = [string, 'stock' | 'non_stock', string | null, number, number, number, number];

interface Case {
  /** Path under ../shared/reference/channel-payloads (set/channel/file). */
  file: string;
  /** Where the payload was published: repository @ commit, path (from SOURCES.md). */
  source: string;
  currency: string;
  lines: Line[];
  /** Shipping amount, discount, tax. */
  shipping?: [number, number, number];
  /** `payment.amount`: the sum of the tenders, or the order total. */
  paid: number;
  /** Method and amount of each tender, when there are several. */
  tenders?: Array<[string, number]>;
  holds: string[];
  /** Only where the vendor's own sample does not add up (see SOURCES.md): what its lines make. */
  linesTotal?: number;
}

const CASES: Case[] = [
  {
    file: 'vendor/adobe-commerce/adobe-docs_order-create-order_000000003.json',
    source:
      'AdobeDocs/commerce-webapi @ e2275b56, src/pages/rest/tutorials/orders/order-create-order.md (GET /V1/orders/3; items elided by Adobe: lines do not add up to grand_total)',
    currency: 'USD',
    lines: [['3', 'stock', 'WS12-M-Orange', 1, 2200, 0, 0]],
    shipping: [500, 0, 0],
    paid: 16500,
    holds: [],
    linesTotal: 2700,
  },
  {
    file: 'vendor/amazon/v0_sandbox-TEST_CASE_200_902-1845936-5435065.json',
    source:
      'amzn/selling-partner-api-models @ 34dc93fe, models/orders-api-model/ordersV0.json (getOrder + getOrderItems sandbox TEST_CASE_200)',
    currency: 'USD',
    lines: [['05015851154158', 'stock', 'NABetaASINB00551Q3CS', 1, 1000, 0, 101]],
    shipping: [0, 0, 0],
    paid: 1101,
    holds: ['address_restricted'],
  },
  {
    file: 'vendor/amazon/v2026_getOrder-example_202-1234567-8901234.json',
    source:
      'amzn/selling-partner-api-models @ 34dc93fe, models/orders-api-model/orders_2026-01-01.json (getOrder 200 example)',
    currency: 'GBP',
    lines: [['20212345678901', 'stock', 'ECHO-DOT-4-UK-CHARCOAL-3PACK', 3, 2999, 0, 300]],
    shipping: [1000, 0, 100],
    paid: 10397,
    holds: [],
  },
  {
    file: 'vendor/amazon/v2026_getOrder-sandbox_028-1234567-8901234.json',
    source:
      'amzn/selling-partner-api-models @ 34dc93fe, models/orders-api-model/orders_2026-01-01.json (getOrder x-amzn-api-sandbox static)',
    currency: 'TRY',
    lines: [['02812345678901', 'stock', 'FIRE-HD10-TR-BLK', 2, 6250, 0, 0]],
    shipping: [0, 0, 0],
    paid: 12500,
    holds: [],
  },
  {
    file: 'vendor/amazon/v2026_getOrder-sandbox_114-9876543-1234567.json',
    source:
      'amzn/selling-partner-api-models @ 34dc93fe, models/orders-api-model/orders_2026-01-01.json (getOrder x-amzn-api-sandbox static)',
    currency: 'USD',
    lines: [['11498765431234', 'stock', 'ECHO-POP-US-BLK', 1, 3999, 0, 1000]],
    shipping: [0, 0, 0],
    paid: 4999,
    holds: [],
  },
  {
    file: 'vendor/amazon/v2026_getOrder-sandbox_171-9876543-2109876.json',
    source:
      'amzn/selling-partner-api-models @ 34dc93fe, models/orders-api-model/orders_2026-01-01.json (getOrder x-amzn-api-sandbox static)',
    currency: 'BRL',
    lines: [['17198765432109', 'stock', 'ECHO-DOT-4-BR-PRETO', 1, 29990, 0, 0]],
    shipping: [0, 0, 0],
    paid: 29990,
    holds: [],
  },
  {
    file: 'vendor/bigcommerce/bc-docs_order-247_with-products-and-shipping-address.json',
    source:
      "bigcommerce/docs @ 24f580ca, reference/orders.v2.oas2.yml (order_Resp 'Multiple Items' + orderProductLineItem_Resp 'Custom Product', 'Product with Variants'; the docs' totals do not match these products)",
    currency: 'USD',
    lines: [
      ['238', 'non_stock', null, 1, 4157, 0, 343],
      ['240', 'stock', 'SKU-201-Red-Small T-Shirt-Able Brewing System', 4, 21709, 0, 7164],
    ],
    shipping: [739, 0, 61],
    paid: 100874,
    holds: [],
    linesTotal: 99300,
  },
  {
    file: 'vendor/salesforce-commerce/scapi-shopper-orders-1.15.0_OrderGet_00000410.json',
    source:
      'SalesforceCommerceCloud/commerce-sdk-isomorphic @ 64eb096f, apis/shopper-orders-oas-1.15.0/shopper-orders-oas-v1-public.yaml (examples.OrderGet; orderTotal 586.76 is not what its items add up to)',
    currency: 'USD',
    lines: [
      ['d9516eecc64bd90b0022714d26', 'stock', 'green-umbrella', 3, 19999, 1000, 3000],
      ['540db3ffe58bfb04ab673757d7', 'non_stock', null, 1, 100, 0, 0],
    ],
    shipping: [1599, 0, 80],
    paid: 58676,
    tenders: [
      ['bml', 2000],
      ['credit_card', 56676],
    ],
    holds: [],
    linesTotal: 63776,
  },
  {
    file: 'vendor/salesforce-commerce/scapi-shopper-orders-1.15.0_PaymentInstrumentPatchWhenSalesforcePaymentsEnabled_00000410.json',
    source:
      'SalesforceCommerceCloud/commerce-sdk-isomorphic @ 64eb096f, apis/shopper-orders-oas-1.15.0/shopper-orders-oas-v1-public.yaml (examples.PaymentInstrumentPatchWhenSalesforcePaymentsEnabled; no price on the items; 3 instruments = 588.76 for a 586.76 order)',
    currency: 'USD',
    lines: [
      ['d9516eecc64bd90b0022714d26', 'stock', '701643632930', 1, 19999, 0, 3000],
      ['540db3ffe58bfb04ab673757d7', 'non_stock', null, 1, 100, 0, 0],
    ],
    shipping: [1599, 0, 80],
    paid: 58876,
    tenders: [
      ['paypal', 2000],
      ['credit_card', 56676],
      ['credit_card', 200],
    ],
    holds: ['payment_tenders_mismatch'],
    linesTotal: 24778,
  },
  {
    file: 'vendor/shopify/shopify-api-js_2024-04_order-1073459975-custom-item-eur.json',
    source:
      'Shopify/shopify-api-js @ 9dd92843, packages/shopify-api/rest/admin/__tests__/2024-04/order.test.ts',
    currency: 'EUR',
    lines: [['1071823207', 'non_stock', null, 3, 7499, 0, 1350]],
    paid: 23847,
    holds: [],
  },
  {
    file: 'vendor/shopify/shopify-api-js_2024-04_order-1073459981.json',
    source:
      'Shopify/shopify-api-js @ 9dd92843, packages/shopify-api/rest/admin/__tests__/2024-04/order.test.ts',
    currency: 'USD',
    lines: [['1071823212', 'stock', 'IPOD2009BLACK', 1, 19900, 1791, 0]],
    paid: 18109,
    holds: [],
  },
  {
    file: 'vendor/shopify/shopify-api-js_2024-04_order-450789469.json',
    source:
      'Shopify/shopify-api-js @ 9dd92843, packages/shopify-api/rest/admin/__tests__/2024-04/order.test.ts',
    currency: 'USD',
    lines: [
      ['466157049', 'stock', 'IPOD2008GREEN', 1, 19900, 334, 398],
      ['518995019', 'stock', 'IPOD2008RED', 1, 19900, 333, 398],
      ['703073504', 'stock', 'IPOD2008BLACK', 1, 19900, 333, 398],
    ],
    shipping: [0, 0, 0],
    paid: 59894,
    holds: [],
  },
  {
    file: 'vendor/square/square-api-spec_CreateOrderResponse.json',
    source:
      'square/connect-api-specification @ 5733f662, api.json (components.schemas.<Response>.example)',
    currency: 'USD',
    lines: [
      ['8uSwfzvUImn3IRrvciqlXC', 'non_stock', null, 1, 1599, 87, 136],
      ['v8ZuEXpOJpb0bazLuvrLDB', 'stock', 'BEMYCSMIJL46OCDV4KYIKXIB', 2, 2250, 346, 374],
    ],
    paid: 6176,
    holds: [],
  },
  {
    file: 'vendor/square/square-api-spec_PayOrderResponse.json',
    source:
      'square/connect-api-specification @ 5733f662, api.json (components.schemas.<Response>.example)',
    currency: 'USD',
    lines: [
      ['QW6kofLHJK7JEKMjlSVP5C', 'non_stock', null, 1, 500, 0, 0],
      ['zhw8MNfRGdFQMI2WE1UBJD', 'non_stock', null, 2, 750, 0, 0],
    ],
    paid: 2000,
    tenders: [
      ['card', 1000],
      ['card', 1000],
    ],
    holds: [],
  },
  {
    file: 'vendor/square/square-api-spec_RetrieveOrderResponse.json',
    source:
      'square/connect-api-specification @ 5733f662, api.json (components.schemas.<Response>.example)',
    currency: 'USD',
    lines: [
      ['ULkg0tQTRK2bkU9fNv3IJD', 'non_stock', null, 1, 500, 250, 0],
      ['mumY8Nun4BC5aKe2yyx5a', 'non_stock', null, 2, 300, 300, 0],
    ],
    paid: 550,
    holds: [],
  },
  {
    file: 'thirdparty/adobe-commerce/oca-connector-magento_m2-order-13_eur-cart-rule-discounts.json',
    source:
      'OCA/connector-magento @ 12e9498b, connector_magento/tests/magento2/fixtures/cassettes/import_sale_order_<n>.yaml',
    currency: 'EUR',
    lines: [
      ['24', 'stock', 'MH09-XS-Blue', 1, 6900, 1380, 455],
      ['25', 'stock', 'RACER', 1, 22400, 4480, 1479],
    ],
    shipping: [0, 0, 0],
    paid: 25374,
    holds: [],
  },
  {
    file: 'thirdparty/adobe-commerce/oca-connector-magento_m2-order-17_zero-total-100pct-discount.json',
    source:
      'OCA/connector-magento @ 12e9498b, connector_magento/tests/magento2/fixtures/cassettes/import_sale_order_<n>.yaml',
    currency: 'USD',
    lines: [['34', 'stock', 'WSH08-29-Purple', 1, 4400, 4400, 0]],
    shipping: [500, 500, 0],
    paid: 0,
    holds: [],
  },
  {
    file: 'thirdparty/adobe-commerce/oca-connector-magento_m2-order-9_configurable-parent-child.json',
    source:
      'OCA/connector-magento @ 12e9498b, connector_magento/tests/magento2/fixtures/cassettes/import_sale_order_<n>.yaml',
    currency: 'USD',
    lines: [
      ['16', 'stock', 'MH09-XS-Blue', 2, 6900, 0, 1139],
      ['18', 'stock', 'RACER', 1, 22400, 0, 1848],
    ],
    shipping: [500, 0, 0],
    paid: 39687,
    holds: [],
  },
  {
    file: 'thirdparty/amazon/frappe-ecommerce-integrations_v0_902-1845936-5435065_inr.json',
    source:
      'frappe/ecommerce_integrations @ ba8ac505, ecommerce_integrations/amazon/doctype/amazon_sp_api_settings/test_data.json',
    currency: 'INR',
    lines: [['05015851154158', 'stock', 'WNDR3400-N600', 1, 1000, 0, 101]],
    shipping: [0, 0, 0],
    paid: 1101,
    holds: ['address_restricted'],
  },
  {
    file: 'thirdparty/amazon/jaychou2211-order-management_v0_114-3941689-8772232.json',
    source:
      'jaychou2211/order-management @ e8c26a60, apps/channel-orders/src/amazon-order/amazon-mock-data.ts',
    currency: 'USD',
    lines: [['12345678901234', 'stock', 'SKU001', 1, 5999, 0, 0]],
    shipping: [0, 0, 0],
    paid: 5999,
    holds: [],
  },
  {
    file: 'thirdparty/bigcommerce/appse-ai-docs_order-519_tax-inclusive-manual-discount.json',
    source:
      'sayan-appseconnect/appse-ai-docs @ e8db416a, docs/app_integrations/big-commerce.md (order 519, tax-inclusive)',
    currency: 'USD',
    lines: [['537', 'stock', 'NAYASA001', 10, 23697, 9482, 12512]],
    shipping: [0, 0, 0],
    paid: 240000,
    holds: [],
  },
  {
    file: 'thirdparty/salesforce-commerce/pwa-kit_checkout-confirmation_00022108_gbp-gross-free-shipping.json',
    source:
      'SalesforceCommerceCloud/pwa-kit @ 09d383ac, packages/template-retail-react-app/app/pages/checkout/confirmation.mock.js (taxation gross)',
    currency: 'GBP',
    lines: [['46133ac13092304bde7e32f508', 'stock', '701644397425M', 1, 7306, 0, 950]],
    shipping: [199, 199, 0],
    paid: 8256,
    holds: [],
  },
  {
    file: 'thirdparty/salesforce-commerce/pwa-kit_mock-order-history_00028011_usd-net.json',
    source:
      'SalesforceCommerceCloud/pwa-kit @ 09d383ac, packages/template-retail-react-app/app/mocks/mock-data.js',
    currency: 'USD',
    lines: [
      ['1ae8e9a67e2f6aa2408d87ae37', 'stock', '701642852179M', 1, 4799, 0, 240],
      ['e60d5d71f128440894f4b023dd', 'stock', '701642811398M', 1, 1499, 0, 75],
    ],
    shipping: [599, 0, 30],
    paid: 7242,
    holds: [],
  },
  {
    file: 'thirdparty/shopify/dropazul-app_shopify-test-webhook_order-820982911946154508_cancelled.json',
    source:
      'arferreira/dropazul_app @ f341da5f, provarme_webhooks/tests/fixtures.py (ids above 2^53)',
    currency: 'USD',
    lines: [
      ['866550311766439020', 'stock', 'IPOD2008PINK', 1, 19900, 0, 0],
      ['141249953214522974', 'stock', 'IPOD2008PINK', 1, 19900, 500, 0],
    ],
    shipping: [1000, 0, 0],
    paid: 40300,
    holds: [],
  },
  {
    file: 'thirdparty/shopify/odoo-integration-shopify_order-100500_pln-vat23.json',
    source: 'haider-wq/erp_addons @ 1ba13027, integration_shopify/tests/patch/storage.py',
    currency: 'PLN',
    lines: [
      ['31108738842916', 'stock', 'gtp3-ref-2', 2, 12300, 0, 5658],
      ['31108738875684', 'stock', 'guit1-sku-bl', 3, 50000, 0, 34500],
    ],
    paid: 214758,
    holds: [],
  },
  {
    file: 'thirdparty/square/airbyte-source-square_expected-record_BxCc4Y2K_catalog-item-15pct-tax.json',
    source:
      'airbytehq/airbyte @ 096390d5, airbyte-integrations/connectors/source-square/integration_tests/expected_records.jsonl',
    currency: 'USD',
    lines: [
      [
        '4ffd68dd-ba56-4c4f-c5f6-a9cff014183e',
        'stock',
        'TLL2QDA3U5P7AAA2A4SGK52S',
        1,
        9900,
        0,
        1485,
      ],
    ],
    paid: 11385,
    holds: [],
  },
  {
    file: 'thirdparty/square/airbyte-source-square_expected-record_hD1xqUBB_custom-amount.json',
    source:
      'airbytehq/airbyte @ 096390d5, airbyte-integrations/connectors/source-square/integration_tests/expected_records.jsonl',
    currency: 'USD',
    lines: [['v6KbyuUoPvjZ6hHLVLpvi', 'non_stock', null, 1, 2056, 0, 0]],
    paid: 2056,
    holds: [],
  },
  {
    file: 'thirdparty/square/rem029-nodejs-template_RetrieveOrder_LBi8XNjx_open.json',
    source: 'rem029/nodejs-template @ e8710a6a, orderresponse.js',
    currency: 'USD',
    lines: [['4FroBNjUtzCwqXvtvkrJBD', 'non_stock', null, 1, 200, 0, 0]],
    paid: 200,
    holds: [],
  },
];

const read = (file: string) => readFileSync(join(ROOT, file));

function mapFile(file: string): MappedChannelOrder {
  const channel = file.split('/')[1];
  if (!isChannelName(channel)) throw new Error(`${file}: no adapter for ${channel}`);
  const raw = read(file);
  return CHANNEL_ADAPTERS[channel].map({
    headers: {},
    rawBody: raw,
    payload: JSON.parse(`${raw}`),
  });
}

/** The order total as the vendor's payload states it, converted exactly (no floating point). */
function statedTotal(channel: ChannelName, body: Json, currency: string): number {
  const o = (
    isObject(body.order) ? body.order : isObject(body.payload) ? body.payload : body
  ) as Json;
  const money = (value: unknown) => toMinorUnits(value, currency);
  const amazon = (m: unknown) => (isObject(m) ? money(m.amount ?? m.Amount) : NaN);
  switch (channel) {
    case 'shopify':
      return money(o.total_price);
    case 'square':
      return (o.total_money as Json).amount as number;
    case 'amazon':
      return isObject(o.proceeds) ? amazon(o.proceeds.grandTotal) : amazon(o.OrderTotal);
    case 'bigcommerce':
      return money(o.total_inc_tax);
    case 'salesforce-commerce':
      return money(o.orderTotal ?? o.order_total);
    case 'adobe-commerce':
      return money(o.grand_total);
  }
}

describe('vendor-published order payloads, replayed as published', () => {
  it('covers every payload in the shared folder (add new ones to the table)', () => {
    const files = ['vendor', 'thirdparty'].flatMap((set) =>
      readdirSync(join(ROOT, set), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => readdirSync(join(ROOT, set, d.name)).map((f) => `${set}/${d.name}/${f}`)),
    );
    expect(CASES.map((c) => c.file).sort()).toEqual(files.sort());
  });

  describe.each(CASES)('$file', (c) => {
    const mapped = mapFile(c.file);
    const order = mapped.order;

    it('is accepted: a valid canonical order', () => {
      expect(validateContract(CanonicalOrder, toCanonicalOrder(order)).errors).toEqual([]);
      expect(order.currency).toBe(c.currency);
    });

    it('maps every line exactly (minor units), SKU-less lines as non_stock with a title', () => {
      const lines = order.lines.map((l): Line => [
        l.lineId,
        l.kind ?? 'stock',
        l.sku ?? null,
        l.quantity,
        l.unitPrice,
        l.discount,
        l.tax,
      ]);
      expect(lines).toEqual(c.lines);
      for (const l of order.lines.filter((x) => x.kind === 'non_stock')) {
        expect(l.title).toEqual(expect.any(String));
      }
      const s = order.shipping;
      expect(s ? [s.amount, s.discount, s.tax] : undefined).toEqual(c.shipping);
    });

    it('pays what the vendor states, tender by tender', () => {
      const body = JSON.parse(`${read(c.file)}`) as Json;
      const stated = statedTotal(mapped.channel, body, c.currency);
      expect(order.payment.amount).toBe(c.paid);
      if (!c.holds.includes('payment_tenders_mismatch')) expect(c.paid).toBe(stated);
      expect(order.payments?.map((p) => [p.method, p.amount])).toEqual(c.tenders);
      if (order.payments) {
        const sum = order.payments.reduce((acc, p) => acc + p.amount, 0);
        expect(sum).toBe(order.payment.amount);
      }
    });

    it('adds up: lines + shipping = the total (or the vendor sample does not)', () => {
      expect(mappedOrderTotal(order)).toBe(c.linesTotal ?? c.paid);
    });

    it('holds what cannot be completed yet, with its reason', () => {
      expect(mapped.holds.map((h) => h.reason)).toEqual(c.holds);
      for (const h of mapped.holds) expect(h.detail.length).toBeGreaterThan(10);
    });
  });
});

describe('documented shapes the published payloads lack (see __fixtures__/documented/README.md)', () => {
  const map = (channel: ChannelName, payload: unknown) =>
    CHANNEL_ADAPTERS[channel].map({
      headers: {},
      rawBody: Buffer.from(JSON.stringify(payload)),
      payload,
    });

  it('Square: gift card line, priced modifiers, ad-hoc line, service charge, tip, three tenders', () => {
    const { order, holds } = map('square', squareDocumented);
    const lines = order.lines.map((l) => [l.lineId, l.kind ?? 'stock', l.sku ?? null, l.title]);
    expect(lines).toEqual([
      ['gc-1', 'non_stock', null, 'Gift Card'],
      ['latte-1', 'stock', 'LATTE-LARGE-VAR', 'Latte - Large'],
      ['adhoc-1', 'non_stock', null, 'Pastry (open price)'],
      ['service-charge-sc-1', 'non_stock', null, 'Service fee'],
      ['tip', 'non_stock', null, 'Tip'],
    ]);
    // 450 + oat milk 50 + 2 extra shots x 75 = 650 per latte; gross_sales_money 1300 for 2.
    expect(order.lines[1]).toMatchObject({ quantity: 2, unitPrice: 650, discount: 0, tax: 117 });
    expect(order.lines[3]).toMatchObject({ unitPrice: 200, tax: 18 });
    expect(order.lines[4]).toMatchObject({ unitPrice: 300, tax: 0 });
    expect(order.shipping).toBeUndefined();
    expect(order.payments?.map((p) => [p.method, p.amount, p.reference])).toEqual([
      ['gift_card', 1000, 'P-GIFT'],
      ['card', 2789, 'P-CARD'],
      ['cash', 1000, 'P-CASH'],
    ]);
    expect(order.payment).toMatchObject({ status: 'captured', amount: 4789 });
    expect(mappedOrderTotal(order)).toBe(squareDocumented.order.total_money.amount);
    expect(holds).toEqual([]);
  });

  it('Square: tenders that do not add up to the total are accepted and held', () => {
    const payload = copy(squareDocumented);
    payload.order.tenders[2].amount_money.amount = 900;
    const { order, holds } = map('square', payload);
    expect(order.payment.amount).toBe(4689);
    expect(holds.map((h) => h.reason)).toEqual(['payment_tenders_mismatch']);
  });

  it('Shopify: gift card and tip lines as non_stock, transactions as tenders', () => {
    const { order, holds } = map('shopify', shopifyDocumented);
    const lines = order.lines.map((l) => [l.lineId, l.kind ?? 'stock', l.sku ?? null, l.title]);
    expect(lines).toEqual([
      ['12001', 'non_stock', null, 'Gift Card - $50'],
      ['12002', 'stock', 'IPOD2008RED', 'IPod Nano - 8gb - red'],
      ['12003', 'non_stock', null, 'Tip'],
    ]);
    expect(order.lines.map((l) => l.unitPrice)).toEqual([5000, 3000, 500]);
    expect(order.payments?.map((p) => [p.method, p.status, p.amount])).toEqual([
      ['gift_card', 'captured', 2000],
      ['shopify_payments', 'captured', 7300],
    ]);
    expect(order.payment.amount).toBe(9300);
    expect(mappedOrderTotal(order)).toBe(9300);
    expect(holds).toEqual([]);
  });

  it('Shopify: ids above 2^53 keep their exact digits (read from the raw body)', () => {
    const file =
      'thirdparty/shopify/dropazul-app_shopify-test-webhook_order-820982911946154508_cancelled.json';
    const mapped = mapFile(file);
    expect(mapped.channelOrderId).toBe('820982911946154508');
    expect(`${read(file)}`).toContain('"id": 820982911946154508');
  });

  // Amazon, "Access Orders PII" (v2026-01-01): these fields need the Direct-to-Consumer Delivery role.
  const PII = ['name', 'addressLine1', 'addressLine2', 'addressLine3', 'postalCode', 'phone'];
  const restricted = () => {
    const body = JSON.parse(
      `${read('vendor/amazon/v2026_getOrder-sandbox_171-9876543-2109876.json')}`,
    );
    const address = body.order.recipient.deliveryAddress;
    for (const key of [...PII, 'extendedFields']) delete address[key];
    return body;
  };

  it('Amazon v2026: an unshipped order whose address is withheld is held address_restricted', () => {
    const { order, holds } = map('amazon', restricted());
    expect(order.shippingAddress).toBeUndefined();
    expect(order.lines).toHaveLength(1);
    expect(order.payment.amount).toBe(29990);
    expect(holds.map((h) => h.reason)).toEqual(['address_restricted']);
  });

  it('Amazon v2026: fulfilled by Amazon, the withheld address holds nothing', () => {
    const body = restricted();
    body.order.fulfillment.fulfilledBy = 'AMAZON';
    expect(map('amazon', body).holds).toEqual([]);
  });

  it('Amazon v2026: no price and no proceeds yet: accepted, held price_missing', () => {
    const body = JSON.parse(
      `${read('vendor/amazon/v2026_getOrder-sandbox_114-9876543-1234567.json')}`,
    );
    delete body.order.proceeds;
    delete body.order.orderItems[0].proceeds;
    delete body.order.orderItems[0].product.price;
    const { order, holds } = map('amazon', body);
    expect(order.currency).toBe('USD'); // from the marketplace: no amount names it
    expect(order.lines[0]).toMatchObject({ unitPrice: 0, quantity: 1 });
    expect(holds.map((h) => h.reason)).toEqual(['price_missing']);
  });

  it('BigCommerce: gift certificate and store credit as tenders, a gift certificate line as non_stock', () => {
    const body = JSON.parse(
      `${read('vendor/bigcommerce/bc-docs_order-247_with-products-and-shipping-address.json')}`,
    );
    body.gift_certificate_amount = '100.0000';
    body.store_credit_amount = '8.7400';
    body.products[1].type = 'giftcertificate';
    const { order, holds } = map('bigcommerce', body);
    expect(order.lines.map((l) => l.kind)).toEqual(['non_stock', 'non_stock']);
    expect(order.payments?.map((p) => [p.method, p.amount])).toEqual([
      ['gift_certificate', 10000],
      ['store_credit', 874],
      ['test_payment_gateway', 90000],
    ]);
    expect(holds).toEqual([]);
  });
});
