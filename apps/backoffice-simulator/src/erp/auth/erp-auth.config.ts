/**
 * Credentials the simulated ERP checks, as a NetSuite account would (ERP_SIM_AUTH):
 * `none` (default: every call accepted), `tba` (OAuth 1.0a HMAC-SHA256 with realm) or `oauth2`
 * (client credentials: JWT assertion verified with the certificate's public key, then bearer).
 */
export type SimErpAuth =
  | { kind: 'none' }
  | {
      kind: 'tba';
      accountId: string;
      consumerKey: string;
      consumerSecret: string;
      tokenId: string;
      tokenSecret: string;
    }
  | { kind: 'oauth2'; clientId: string; certificateId: string; publicKeyPem: string };

export function loadSimErpAuth(
  env: Record<string, string | undefined>,
  problems: string[],
): SimErpAuth {
  const kind = env.ERP_SIM_AUTH ?? 'none';
  const need = (name: string) => {
    if (!env[name]) problems.push(`${name} is required when ERP_SIM_AUTH=${kind}`);
    return env[name] ?? '';
  };
  switch (kind) {
    case 'none':
      return { kind };
    case 'tba':
      return {
        kind,
        accountId: need('ERP_SIM_ACCOUNT_ID'),
        consumerKey: need('ERP_SIM_TBA_CONSUMER_KEY'),
        consumerSecret: need('ERP_SIM_TBA_CONSUMER_SECRET'),
        tokenId: need('ERP_SIM_TBA_TOKEN_ID'),
        tokenSecret: need('ERP_SIM_TBA_TOKEN_SECRET'),
      };
    case 'oauth2':
      return {
        kind,
        clientId: need('ERP_SIM_OAUTH2_CLIENT_ID'),
        certificateId: need('ERP_SIM_OAUTH2_CERTIFICATE_ID'),
        publicKeyPem: need('ERP_SIM_OAUTH2_PUBLIC_KEY').replace(/\\n/g, '\n'),
      };
    default:
      problems.push('ERP_SIM_AUTH must be one of none, tba, oauth2');
      return { kind: 'none' };
  }
}
