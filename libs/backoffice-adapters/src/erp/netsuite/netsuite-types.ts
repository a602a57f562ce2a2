/** The subset of NetSuite REST record shapes the adapter writes and reads. */
export interface NsRef {
  id?: string;
  externalId?: string;
  refName?: string;
}

export interface NsLine {
  item: NsRef;
  quantity: number;
  rate?: number;
  amount?: number;
  tax1Amt?: number;
  description?: string;
  /** Custom transaction column carrying our line id (custcol_ prefix as NetSuite requires). */
  custcol_retail_line_id?: string;
}

export interface NsTransaction {
  externalId: string;
  entity: NsRef;
  tranDate: string;
  currency: NsRef;
  location?: NsRef;
  subsidiary?: NsRef;
  createdFrom?: NsRef;
  memo?: string;
  item: { items: NsLine[] };
}

export interface NsInventoryAdjustment {
  externalId: string;
  tranDate: string;
  memo?: string;
  account?: NsRef;
  inventory: { items: { item: NsRef; location: NsRef; adjustQtyBy: number }[] };
}

export interface NsItem {
  id: string;
  itemId: string;
  displayName?: string;
  upcCode?: string;
  isInactive?: boolean;
  basePrice?: number;
  currency?: string;
  lastModifiedDate?: string;
}

export interface NsItemPage {
  items: NsItem[];
  hasMore: boolean;
  nextCursor?: string;
}

export interface NsInventoryBalance {
  item: NsRef;
  location: NsRef;
  quantityOnHand: number;
}

export interface NsInventoryBalancePage {
  items: NsInventoryBalance[];
  hasMore: boolean;
  nextCursor?: string;
}

export interface NsSalesOrderRecord {
  id: string;
  externalId: string;
  status?: { id?: string; refName?: string };
}

/** `GET …/creditMemo/eid:<id>`: the body fields refund reconciliation reads. */
export interface NsCreditMemoRecord {
  id: string;
  externalId: string;
  /** Amount credited, tax included (the record's body total). */
  total: number;
  currency?: NsRef;
  /** `Open`, `Fully Applied` or `Voided`. */
  status?: { id?: string; refName?: string };
}

/** `customer` as the adapter writes it (a person; the name split at the first space). */
export interface NsCustomer {
  externalId: string;
  isPerson: boolean;
  firstName?: string;
  lastName?: string;
  companyName?: string;
  email?: string;
  phone?: string;
  comments?: string;
}

/** A record collection page (`GET …/customer?q=…`): ids only, as NetSuite answers. */
export interface NsRecordList {
  items: { id: string }[];
  hasMore?: boolean;
}

/** `itemFulfillment` transformed from a sales order. */
export interface NsItemFulfillment {
  externalId: string;
  tranDate: string;
  /** `C`: shipped. */
  shipStatus: NsRef;
  memo?: string;
  item: {
    items: {
      item: NsRef;
      quantity: number;
      itemReceive: boolean;
      location?: NsRef;
      custcol_retail_line_id?: string;
    }[];
  };
  package?: { items: { packageTrackingNumber?: string; packageDescr?: string }[] };
}

/** `invoice` or `cashSale` transformed from a sales order. */
export interface NsBilling extends NsTransaction {
  shippingCost?: number;
}
