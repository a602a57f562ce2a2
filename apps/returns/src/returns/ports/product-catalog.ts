export const PRODUCT_CATALOG = Symbol('PRODUCT_CATALOG');

/** The product facts a return depends on (from the master-data read model). */
export interface ReturnPolicyProduct {
  sku: string;
  erpItemId: string;
  serialTracked: boolean;
  lotTracked: boolean;
  returnable: boolean;
  returnWindowDays: number;
  restockingFeePercent: number;
}

/** Local read model of master data: answers while master-data itself is down. */
export interface ProductCatalog {
  getProducts(skus: string[]): Promise<Map<string, ReturnPolicyProduct>>;
}
