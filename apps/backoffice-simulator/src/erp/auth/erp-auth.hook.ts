import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NETSUITE_TOKEN_PATH } from '@retail/backoffice-adapters';
import type { SimErpAuth } from './erp-auth.config';
import { ErpAuthVerifier } from './erp-auth.verifier';

const RECORD_PREFIX = '/services/rest/record/';

/** NetSuite's answer to a request it cannot authenticate (REST web services error shape). */
function invalidLogin(reason: string) {
  return {
    type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2',
    title: 'Unauthorized',
    status: 401,
    'o:errorDetails': [
      {
        detail: `Invalid login attempt (${reason}). For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.`,
        'o:errorCode': 'INVALID_LOGIN',
      },
    ],
  };
}

const urlOf = (request: FastifyRequest) =>
  `${request.protocol}://${request.headers.host}${request.url}`;

/** Record routes check credentials; OAuth 2.0 adds the token endpoint. */
export function registerErpAuth(fastify: FastifyInstance, auth: SimErpAuth | undefined): void {
  const verifier = new ErpAuthVerifier(auth ?? { kind: 'none' });
  if (!verifier.enabled) return;
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(RECORD_PREFIX)) return;
    const refusal = verifier.check(request.method, urlOf(request), request.headers.authorization);
    if (refusal) await reply.code(401).send(invalidLogin(refusal));
  });
  if (auth?.kind !== 'oauth2') return;
  // Nest's Fastify adapter already parses application/x-www-form-urlencoded bodies.
  fastify.post(NETSUITE_TOKEN_PATH, async (request, reply) => {
    const tokenUrl = `${request.protocol}://${request.headers.host}${NETSUITE_TOKEN_PATH}`;
    const result = verifier.issueToken(request.body as Record<string, string>, tokenUrl);
    if (typeof result !== 'string') return reply.code(400).send(result);
    return { access_token: result, expires_in: '3600', token_type: 'bearer' };
  });
}
