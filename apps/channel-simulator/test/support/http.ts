import { RunningSimulator } from './start-simulator';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch with JSON in and out; the body is undefined when the answer has none (204). */
export async function call<T = any>(
  sim: RunningSimulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; form?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(path.startsWith('http') ? path : sim.baseUrl + path, {
    method,
    headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const admin = {
  reset: (sim: RunningSimulator) => call(sim, 'POST', '/admin/reset'),
  faults: (sim: RunningSimulator, body: object) => call(sim, 'POST', '/admin/faults', { body }),
  seed: (sim: RunningSimulator, body: object) => call(sim, 'POST', '/admin/orders', { body }),
  stats: async (sim: RunningSimulator) => (await call(sim, 'GET', '/admin/stats')).body,
};

/** Header sets each channel authenticates with (tokens fetched where the vendor issues them). */
export async function credentialsFor(sim: RunningSimulator) {
  const c = sim.config.credentials;
  const lwa = await call(sim, 'POST', '/auth/o2/token', {
    form: {
      grant_type: 'refresh_token',
      refresh_token: c.amazon.refreshToken,
      client_id: c.amazon.clientId,
      client_secret: c.amazon.clientSecret,
    },
  });
  const sfcc = c['salesforce-commerce'];
  const am = await call(sim, 'POST', '/dwsso/oauth2/access_token', {
    form: { grant_type: 'client_credentials' },
    headers: {
      authorization: `Basic ${Buffer.from(`${sfcc.clientId}:${sfcc.clientSecret}`).toString('base64')}`,
    },
  });
  return {
    shopify: { 'x-shopify-access-token': c.shopify.accessToken },
    amazon: { 'x-amz-access-token': lwa.body.access_token as string },
    bigcommerce: { 'x-auth-token': c.bigcommerce.authToken, accept: 'application/json' },
    adobe: { authorization: `Bearer ${c['adobe-commerce'].integrationToken}` },
    sfcc: { authorization: `Bearer ${am.body.access_token as string}` },
    square: { authorization: `Bearer ${c.square.accessToken}`, 'square-version': '2024-04-17' },
  };
}
