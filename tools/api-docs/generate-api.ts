// Boots each API service (real PostgreSQL and NATS, a throw-away schema and namespace), takes
// the OpenAPI document it serves at /docs-json, completes it with the contract schemas and
// returns the files of docs/api/. Used by `npm run docs:api` and by api-docs.int-spec.ts.
import { startTestService } from '@retail/platform-testing';
import { withContractSchemas } from './contract-schemas';
import { jsonFile } from './files';
import { API_SERVICES } from './services';

export const API_DOCS_DIR = 'docs/api';

export const apiDocFile = (service: string): string => `${service}.openapi.json`;

export async function generateApiDocuments(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const def of API_SERVICES) {
    const svc = await startTestService(def, { CHANNEL_SYNC_SCHEDULE_ENABLED: 'false' });
    try {
      const served = (await svc.http().get('/docs-json').expect(200)).body;
      const name = apiDocFile(def.name);
      files[name] = jsonFile(withContractSchemas(served));
    } finally {
      await svc.close();
    }
  }
  return files;
}
