import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { titleFor } from '@retail/platform-http';

/** The security schemes routes may accept: our API key and the channels' own signatures. */
export const SECURITY_SCHEMES = {
  'api-key': { name: 'x-api-key', description: 'Key whose scope the route lists in x-scopes' },
  'shopify-hmac': {
    name: 'X-Shopify-Hmac-Sha256',
    description: 'Base64 HMAC-SHA256 of the raw body with the app secret',
  },
  'square-signature': {
    name: 'x-square-hmacsha256-signature',
    description: 'Base64 HMAC-SHA256 of notification URL + raw body with the signature key',
  },
  'bigcommerce-token': {
    name: 'x-retail-webhook-token',
    description: 'Custom header set when the webhook was registered (name configurable)',
  },
} as const;

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    correlationId: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const BODY_METHODS = new Set(['post', 'put', 'patch']);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = Record<string, any>;

/** The OpenAPI document of a service: built from its routes, then completed (see below). */
export function buildOpenApiDocument(
  app: INestApplication,
  title: string,
  description: string,
): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1')
    .setOpenAPIVersion('3.1.0');
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    builder = builder.addApiKey({ type: 'apiKey', in: 'header', ...scheme }, name);
  }
  return completeOpenApiDocument(SwaggerModule.createDocument(app, builder.build()));
}

/**
 * Writes what the routes' decorators leave implicit into every operation: the security it
 * accepts (from `x-scopes`: a public route takes no key unless it names a signature scheme,
 * any other takes `x-api-key`), and the problem+json error responses per status it can answer.
 */
export function completeOpenApiDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...doc.components.schemas, Problem: PROBLEM_SCHEMA };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) completeOperation(path, method, op);
    }
  }
  return doc;
}

function completeOperation(path: string, method: string, op: Operation): void {
  const scopes: string[] = op['x-scopes'] ?? [];
  const isPublic = scopes.includes('public');
  if (!op.security?.length) op.security = isPublic ? [] : [{ 'api-key': [] }];
  const keyed = op.security.some((s: object) => 'api-key' in s);
  const signed = op.security.some((s: object) => !('api-key' in s));
  const statuses = new Set<number>([429, 500]);
  if (keyed || signed) statuses.add(401);
  if (keyed) statuses.add(403);
  if (BODY_METHODS.has(method)) [400, 413, 415, 422].forEach((s) => statuses.add(s));
  if (path.includes('{')) [404, 422].forEach((s) => statuses.add(s));
  if ((op.parameters ?? []).some((p: { in: string }) => p.in === 'query')) statuses.add(422);
  if ((op.parameters ?? []).some((p: { name: string }) => /^idempotency-key$/i.test(p.name)))
    statuses.add(409);
  op.responses = op.responses ?? {};
  for (const status of [...statuses].sort()) {
    op.responses[status] = op.responses[status] ?? {
      description: titleFor(status),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
}
