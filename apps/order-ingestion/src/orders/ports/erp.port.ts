/** DI token of the `ErpAdapter` (from @retail/backoffice-adapters) the ERP queue calls. */
export const ERP_ADAPTER = Symbol('ERP_ADAPTER');
