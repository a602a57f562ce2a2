/** What every channel's order template is built from: lines and a made-up customer. */
export interface LineSeed {
  sku: string;
  quantity: number;
  /** Unit price in minor units. */
  unitPrice: number;
  title: string;
}

export interface OrderSeed {
  /** The channel's running order number (unique per channel for the simulator's life). */
  n: number;
  now: Date;
  currency: string;
  lines: LineSeed[];
  customer: { firstName: string; lastName: string; email: string; phone: string };
  address: {
    street: string;
    city: string;
    region: string;
    regionCode: string;
    postalCode: string;
    country: string;
  };
  /** Shipping charge in minor units. */
  shipping: number;
  /** Tax rate applied per line (e.g. 0.08). */
  taxRate: number;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];

export const DEFAULT_SKUS = ['SKU-000001', 'SKU-000002', 'SKU-000003', 'SKU-000004', 'SKU-000005'];

/** Deterministic per order number: 1-3 lines over the given SKUs, prices 10.00-59.99. */
export function orderSeed(n: number, now: Date, skus: string[], currency = 'USD'): OrderSeed {
  const lineCount = 1 + (n % 3);
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const sku = skus[(n + i) % skus.length];
    return {
      sku,
      quantity: 1 + ((n + i) % 2),
      unitPrice: 1000 + ((n * 7 + i * 13) % 5000),
      title: `Simulated product ${sku}`,
    };
  });
  const first = FIRST[n % FIRST.length];
  const last = LAST[(n >> 3) % LAST.length];
  return {
    n,
    now,
    currency,
    lines,
    customer: {
      firstName: first,
      lastName: last,
      email: `${first}.${last}.${n}@example.com`.toLowerCase(),
      phone: '+1 555 0100',
    },
    address: {
      street: `${100 + (n % 900)} Main Street`,
      city: 'Springfield',
      region: 'Illinois',
      regionCode: 'IL',
      postalCode: '62701',
      country: 'US',
    },
    shipping: 500,
    taxRate: 0.08,
  };
}

/** Tax of one line in minor units, rounded half up. */
export function lineTax(line: LineSeed, rate: number): number {
  return Math.round(line.unitPrice * line.quantity * rate);
}

export function totals(seed: OrderSeed) {
  const subtotal = seed.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const tax = seed.lines.reduce((sum, l) => sum + lineTax(l, seed.taxRate), 0);
  const quantity = seed.lines.reduce((sum, l) => sum + l.quantity, 0);
  return {
    subtotal,
    tax,
    shipping: seed.shipping,
    total: subtotal + tax + seed.shipping,
    quantity,
  };
}

/** Minor units as a decimal string with the given number of places ("12.50", "12.5000"). */
export function decimal(minor: number, places = 2): string {
  return (minor / 100).toFixed(places);
}

/** Minor units as a JSON number (Magento, OCAPI): 12.5. */
export function amount(minor: number): number {
  return Number((minor / 100).toFixed(2));
}

/** Shallow merge of a test's template over a generated native order (top-level fields). */
export function applyTemplate<T extends object>(native: T, template?: Record<string, unknown>): T {
  return template ? { ...native, ...template } : native;
}
