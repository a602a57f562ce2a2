import { ErpAdapter } from '../erp-adapter';
import {
  BackofficeAdapters,
  BackofficeAdaptersOptions,
  createBackofficeAdapters,
} from '../../factory';
import { ErpGovernor } from './erp-governor';
import { GovernedErpAdapter } from './governed-erp.adapter';

export interface GovernedBackoffice extends BackofficeAdapters {
  /** The governed ERP port (the same object as `erp`). */
  erp: ErpAdapter;
  governor: ErpGovernor;
}

/**
 * The back-office adapters with the ERP behind the account governor: the one way a service
 * gets its ERP client. `start()` the governor before the first call and `close()` it on
 * shutdown (the Nest provider does both).
 */
export function createGovernedBackoffice(
  options: BackofficeAdaptersOptions,
  service: string,
  /** An ERP adapter to govern instead of the one `options.erpKind` builds (tests' fakes). */
  innerErp?: ErpAdapter,
): GovernedBackoffice {
  const adapters = createBackofficeAdapters(options);
  const inner = innerErp ?? adapters.erp;
  const settings = options.erpGovernor;
  if (!settings?.databaseUrl) {
    throw new RangeError('the ERP governor needs a database: set DATABASE_URL');
  }
  const timeoutMs = options.erpTimeoutMs ?? 15_000;
  const governor = new ErpGovernor({
    connection: {
      connectionString: settings.databaseUrl,
      application_name: `${service}-erp-governor`,
    },
    schema: settings.schema,
    account: options.erpAccountId ?? options.erpBaseUrl,
    service,
    ceiling: settings.ceiling,
    maxRps: settings.maxRps,
    // getOnHand follows pages inside one permit: the lease covers two timeouts and a margin.
    leaseMs: timeoutMs * 2 + 5_000,
    maxWaitMs: settings.maxWaitMs,
    adaptive: { latencyTolerance: settings.latencyTolerance },
  });
  return { ...adapters, erp: new GovernedErpAdapter(inner, governor), governor };
}
