import { ErpNotFoundError, ErpRejectedError } from '../../errors';
import { decimalToMinor, minorToDecimalString } from '../../money';
import { CallContext, FetchFn } from '@retail/platform-http-client';
import {
  ErpAdapter,
  ErpBillingDocument,
  ErpCancelResult,
  ErpCustomer,
  ErpCustomerResult,
  ErpItemFulfillment,
  ErpCreditMemo,
  ErpCreditMemoSummary,
  ErpDocumentLine,
  ErpInventoryAdjustmentBatch,
  ErpItem,
  ErpItemPage,
  ErpOnHand,
  ErpReturnAuthorization,
  ErpSalesOrder,
  ErpSalesOrderResult,
  ErpSalesOrderSummary,
  ErpUpsertResult,
} from '../erp-adapter';
import { assertExternalId, toNsDate } from '../netsuite/netsuite-mapping';
import {
  decimalText,
  isoOf,
  trytonDate,
  trytonDecimal,
  TrytonRpc,
  TrytonSettings,
} from './tryton-rpc';

export interface TrytonAdapterOptions {
  /** trytond's URL (ERP_BASE_URL), e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  timeoutMs?: number;
  tryton?: TrytonSettings;
  /** Product code that carries non-stock lines (ERP_NON_INVENTORY_ITEM_ID). */
  nonInventoryItemId?: string;
  fetch?: FetchFn;
}

/** The product `tools/tryton/prepare.py` creates for non-stock lines. */
export const TRYTON_NON_INVENTORY_CODE = 'NON-INVENTORY';

type Row = Record<string, unknown> & { id: number };
type Domain = unknown[];

interface ProductRow {
  id: number;
  uom: number;
}

/** Sale states from which Tryton lets a sale be cancelled (a confirmed one goes back to draft). */
const CANCELLABLE = new Set(['draft', 'quotation', 'confirmed']);

/**
 * Tryton 6.0 (JSON-RPC) as the ERP. Every document carries our external id in its `reference`
 * (sale, customer return shipment, credit note, internal shipment), so a retry finds the record
 * the first call made. Items are products by `code` (our SKU), locations are warehouses by
 * `code`, customers are parties by `code` (created with an address when missing).
 */
export class TrytonErpAdapter implements ErpAdapter {
  readonly kind = 'tryton';
  private readonly rpc: TrytonRpc;
  private readonly nonInventoryCode: string;
  private readonly ids = new Map<string, Promise<number>>();

  constructor(options: TrytonAdapterOptions) {
    if (!options.tryton)
      throw new RangeError('the Tryton adapter needs TRYTON_DATABASE/USER/PASSWORD');
    this.rpc = new TrytonRpc({
      ...options.tryton,
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? 15_000,
      fetch: options.fetch,
    });
    this.nonInventoryCode = options.nonInventoryItemId ?? TRYTON_NON_INVENTORY_CODE;
  }

  async upsertSalesOrder(order: ErpSalesOrder, ctx: CallContext): Promise<ErpSalesOrderResult> {
    assertExternalId(order.externalId);
    const existing = await this.findByReference('sale.sale', order.externalId, ['state'], ctx);
    if (existing) {
      await this.confirm(existing.id, String(existing.state), ctx);
      return { salesOrderId: String(existing.id), created: false };
    }
    const party = await this.party(order.customerId, ctx);
    const lines = await this.saleLines(order.lines, order.currency, ctx);
    const [id] = await this.rpc.model<number[]>(
      'sale.sale',
      'create',
      [
        [
          {
            party: party.id,
            invoice_address: party.address,
            shipment_address: party.address,
            reference: order.externalId,
            description: order.memo?.slice(0, 200) ?? null,
            sale_date: trytonDate(toNsDate(order.orderDate)),
            currency: await this.currency(order.currency, ctx),
            warehouse: await this.warehouse(order.locationId, ctx),
            lines: [['create', lines]],
          },
        ],
      ],
      ctx,
    );
    await this.confirm(id, 'draft', ctx);
    return { salesOrderId: String(id), created: true };
  }

  async cancelSalesOrder(externalId: string, ctx: CallContext): Promise<ErpCancelResult> {
    assertExternalId(externalId);
    const sale = await this.findByReference('sale.sale', externalId, ['state'], ctx);
    if (!sale) throw new ErpNotFoundError('erp', `no Tryton sale ${externalId}`, 404, 'NOT_FOUND');
    const salesOrderId = String(sale.id);
    if (sale.state === 'cancelled') return { salesOrderId, cancelled: false };
    if (!CANCELLABLE.has(String(sale.state)))
      throw new ErpRejectedError(
        'erp',
        `Tryton sale ${externalId} is ${String(sale.state)}: it can no longer be cancelled`,
        409,
        'NOT_CANCELLABLE',
      );
    if (sale.state === 'confirmed') await this.rpc.model('sale.sale', 'draft', [[sale.id]], ctx);
    await this.rpc.model('sale.sale', 'cancel', [[sale.id]], ctx);
    return { salesOrderId, cancelled: true };
  }

  async findSalesOrder(
    externalId: string,
    ctx: CallContext,
  ): Promise<ErpSalesOrderSummary | undefined> {
    assertExternalId(externalId);
    const sale = await this.findByReference('sale.sale', externalId, ['state'], ctx);
    if (!sale) return undefined;
    return { salesOrderId: String(sale.id), externalId, status: String(sale.state) };
  }

  /** A customer return shipment (draft) with one incoming move per stock line. */
  async createReturnAuthorization(
    ra: ErpReturnAuthorization,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    assertExternalId(ra.externalId);
    const model = 'stock.shipment.out.return';
    const existing = await this.findByReference(model, ra.externalId, [], ctx);
    if (existing) return { id: String(existing.id), created: false };
    const party = await this.party(ra.customerId, ctx);
    const warehouse = await this.warehouse(ra.locationId, ctx);
    const [input, customer] = await Promise.all([
      this.readOne('stock.location', warehouse, 'input_location', ctx),
      this.locationOfType('customer', ctx),
    ]);
    const stock = ra.lines.filter((l) => l.kind !== 'non_stock');
    const products = await this.products(
      stock.map((l) => l.itemId!),
      ctx,
    );
    const currency = await this.currency(ra.currency, ctx);
    const moves = stock.map((line) => ({
      product: products.get(line.itemId!)!.id,
      uom: products.get(line.itemId!)!.uom,
      quantity: line.quantity,
      from_location: customer,
      to_location: input,
      unit_price: trytonDecimal(minorToDecimalString(line.unitPrice, ra.currency)),
      currency,
    }));
    const [id] = await this.rpc.model<number[]>(
      model,
      'create',
      [
        [
          {
            customer: party.id,
            delivery_address: party.address,
            reference: ra.externalId,
            warehouse,
            effective_date: trytonDate(toNsDate(ra.returnDate)),
            incoming_moves: [['create', moves]],
          },
        ],
      ],
      ctx,
    );
    return { id: String(id), created: true };
  }

  /** A posted customer credit note (an `out` invoice with negative lines). */
  async createCreditMemo(memo: ErpCreditMemo, ctx: CallContext): Promise<ErpUpsertResult> {
    assertExternalId(memo.externalId);
    const existing = await this.existingInvoice(memo.externalId, ctx);
    if (existing) return existing;
    const party = await this.party(memo.customerId, ctx);
    const [products, accounts] = await Promise.all([
      this.products(
        memo.lines.map((l) => l.itemId),
        ctx,
      ),
      this.accounts(ctx),
    ]);
    const money = (minor: number) => trytonDecimal(minorToDecimalString(minor, memo.currency));
    const lines: Record<string, unknown>[] = [];
    for (const line of memo.lines) {
      const product = products.get(line.itemId)!;
      lines.push({
        product: product.id,
        unit: product.uom,
        account: accounts.revenue,
        quantity: -line.quantity,
        unit_price: trytonDecimal(perUnit(line.amount, line.quantity, memo.currency)),
        description: `Return ${line.lineId}`,
      });
      if (line.tax)
        lines.push(
          this.amountLine(`Tax reversal ${line.lineId}`, -1, money(line.tax), accounts.revenue),
        );
    }
    if (memo.restockingFee)
      lines.push(this.amountLine('Restocking fee', 1, money(memo.restockingFee), accounts.revenue));
    return this.postedInvoice(
      {
        party,
        currency: memo.currency,
        date: memo.memoDate,
        reference: memo.externalId,
        description: memo.memo ?? `Credit ${memo.externalId}`,
        lines,
      },
      accounts,
      ctx,
    );
  }

  /**
   * The credit note by its `reference`. Its `total_amount` is negative (the lines credit), so
   * the amount credited is its opposite; a cancelled note credits nothing.
   */
  async findCreditMemo(
    externalId: string,
    ctx: CallContext,
  ): Promise<ErpCreditMemoSummary | undefined> {
    assertExternalId(externalId);
    const fields = ['state', 'total_amount', 'currency'];
    const row = await this.findByReference('account.invoice', externalId, fields, ctx);
    if (!row) return undefined;
    const [currency] = await this.rpc.model<Row[]>(
      'currency.currency',
      'read',
      [[Number(row.currency)], ['code']],
      ctx,
    );
    const code = String(currency.code);
    const state = String(row.state);
    return {
      creditMemoId: String(row.id),
      externalId,
      total: -decimalToMinor(decimalText(row.total_amount) ?? '0', code) || 0,
      currency: code,
      status: state,
      active: state !== 'cancelled',
    };
  }

  /**
   * One internal shipment per location and direction (lost and found ⇄ the warehouse's
   * storage), referenced `<batchId>.<n>`, done at once: a repeated batch finds its shipments.
   */
  async postInventoryAdjustments(
    batch: ErpInventoryAdjustmentBatch,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    assertExternalId(batch.batchId);
    const groups = new Map<string, typeof batch.lines>();
    for (const line of batch.lines) {
      if (line.quantityDelta === 0) continue;
      const key = `${line.locationId}\u0000${line.quantityDelta > 0 ? 'in' : 'out'}`;
      groups.set(key, [...(groups.get(key) ?? []), line]);
    }
    const products = await this.products(
      batch.lines.map((l) => l.itemId),
      ctx,
    );
    const lostFound = await this.locationOfType('lost_found', ctx);
    let first: number | undefined;
    let created = false;
    let n = 0;
    for (const [key, lines] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const reference = `${batch.batchId}.${++n}`;
      const [locationId, direction] = key.split('\u0000');
      const existing = await this.findByReference(
        'stock.shipment.internal',
        reference,
        ['state'],
        ctx,
      );
      let id = existing?.id;
      if (!id) {
        const warehouse = await this.warehouse(locationId, ctx);
        const storage = await this.readOne('stock.location', warehouse, 'storage_location', ctx);
        const [from, to] = direction === 'in' ? [lostFound, storage] : [storage, lostFound];
        [id] = await this.rpc.model<number[]>(
          'stock.shipment.internal',
          'create',
          [
            [
              {
                reference,
                from_location: from,
                to_location: to,
                planned_date: trytonDate(toNsDate(batch.adjustmentDate)),
                planned_start_date: trytonDate(toNsDate(batch.adjustmentDate)),
                moves: [
                  [
                    'create',
                    lines.map((l) => ({
                      product: products.get(l.itemId)!.id,
                      uom: products.get(l.itemId)!.uom,
                      quantity: Math.abs(l.quantityDelta),
                      from_location: from,
                      to_location: to,
                    })),
                  ],
                ],
              },
            ],
          ],
          ctx,
        );
        created = true;
      }
      await this.finishInternal(id!, existing ? String(existing.state) : 'draft', ctx);
      first ??= id;
    }
    return { id: String(first ?? batch.batchId), created };
  }

  async fetchItemMaster(
    page: { cursor?: string; limit?: number },
    ctx: CallContext,
  ): Promise<ErpItemPage> {
    const limit = page.limit ?? 100;
    const after = page.cursor ? Number(page.cursor) : 0;
    if (!Number.isInteger(after) || after < 0)
      throw new ErpRejectedError('erp', `bad item cursor "${page.cursor}"`, 400, 'INVALID_CURSOR');
    const rows = await this.rpc.model<Row[]>(
      'product.product',
      'search_read',
      [
        [['id', '>', after]],
        0,
        limit,
        [['id', 'ASC']],
        ['code', 'name', 'active', 'list_price', 'write_date', 'create_date'],
      ],
      ctx,
      { active_test: false },
    );
    const currency = String(await this.companyCurrency(ctx));
    const items = rows.map((row) => fromTrytonProduct(row, currency));
    const last = rows.at(-1);
    return { items, ...(rows.length === limit && last ? { nextCursor: String(last.id) } : {}) };
  }

  async getOnHand(
    filter: { itemId?: string; locationId?: string },
    ctx: CallContext,
  ): Promise<ErpOnHand[]> {
    const warehouses = await this.rpc.model<Row[]>(
      'stock.location',
      'search_read',
      [
        [
          ['type', '=', 'warehouse'],
          ...(filter.locationId ? [['code', '=', filter.locationId]] : []),
        ],
        0,
        null,
        [['id', 'ASC']],
        ['code'],
      ],
      ctx,
    );
    const domain: Domain = [['type', '=', 'goods']];
    if (filter.itemId) domain.push(['code', '=', filter.itemId]);
    const rows: ErpOnHand[] = [];
    for (const warehouse of warehouses) {
      const products = await this.rpc.model<Row[]>(
        'product.product',
        'search_read',
        [domain, 0, null, [['id', 'ASC']], ['code', 'quantity']],
        ctx,
        { locations: [warehouse.id], with_childs: true },
      );
      for (const p of products) {
        const onHand = Number(p.quantity ?? 0);
        if (onHand !== 0 || filter.itemId)
          rows.push({ itemId: itemIdOf(p), locationId: String(warehouse.code), onHand });
      }
    }
    return rows;
  }

  // --- The financial side of fulfilment (issue 18).

  /** A party by code (our external id), else by e-mail contact, else created with both. */
  async findOrCreateCustomer(customer: ErpCustomer, ctx: CallContext): Promise<ErpCustomerResult> {
    assertExternalId(customer.externalId);
    const [own] = await this.rpc.model<Row[]>(
      'party.party',
      'search_read',
      [[['code', '=', customer.externalId]], 0, 1, null, []],
      ctx,
    );
    if (own) return { customerId: String(own.id), matchedBy: 'externalId' };
    if (customer.email) {
      const [contact] = await this.rpc.model<Row[]>(
        'party.contact_mechanism',
        'search_read',
        [
          [
            ['type', '=', 'email'],
            ['value', '=', customer.email],
          ],
          0,
          1,
          [['id', 'ASC']],
          ['party'],
        ],
        ctx,
      );
      if (contact) return { customerId: String(contact.party), matchedBy: 'email' };
    }
    const contacts = [
      ...(customer.email ? [{ type: 'email', value: customer.email }] : []),
      ...(customer.phone ? [{ type: 'phone', value: customer.phone }] : []),
    ];
    const party = await this.party(customer.externalId, ctx, {
      name: (customer.name?.trim() || customer.email || customer.externalId).slice(0, 200),
      ...(contacts.length ? { contact_mechanisms: [['create', contacts]] } : {}),
    });
    return { customerId: String(party.id), matchedBy: 'created' };
  }

  /**
   * A customer shipment (`stock.shipment.out`) referenced by the external id, taken through
   * waiting, assigned, picked and packed to done: the units leave the warehouse once.
   */
  async createItemFulfillment(
    fulfillment: ErpItemFulfillment,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    assertExternalId(fulfillment.externalId);
    const model = 'stock.shipment.out';
    const existing = await this.findByReference(model, fulfillment.externalId, ['state'], ctx);
    if (existing) {
      await this.finishShipmentOut(existing.id, String(existing.state), ctx);
      return { id: String(existing.id), created: false };
    }
    const sale = await this.saleOf(fulfillment.salesOrderExternalId, ctx);
    const party = await this.party(fulfillment.customerId, ctx);
    const warehouse = await this.warehouse(fulfillment.locationId, ctx);
    const [output, customer, products, saleLines] = await Promise.all([
      this.readOne('stock.location', warehouse, 'output_location', ctx),
      this.locationOfType('customer', ctx),
      this.priced(
        fulfillment.lines.map((l) => l.itemId),
        ctx,
      ),
      this.rpc.model<Row[]>(
        'sale.line',
        'search_read',
        [
          [
            ['sale', '=', sale.id],
            ['type', '=', 'line'],
          ],
          0,
          null,
          [['id', 'ASC']],
          ['product'],
        ],
        ctx,
      ),
    ]);
    // Tryton wants a move to a customer to name its origin: the sale line of the product.
    const lineOf = new Map(saleLines.reverse().map((l) => [Number(l.product), l.id]));
    const date = trytonDate(toNsDate(fulfillment.shipDate));
    const moves = fulfillment.lines.map((line) => ({
      product: products.get(line.itemId)!.id,
      uom: products.get(line.itemId)!.uom,
      quantity: line.quantity,
      from_location: output,
      to_location: customer,
      unit_price: products.get(line.itemId)!.price,
      currency: products.get(line.itemId)!.currency,
      planned_date: date,
      ...(lineOf.has(products.get(line.itemId)!.id)
        ? { origin: `sale.line,${lineOf.get(products.get(line.itemId)!.id)}` }
        : {}),
    }));
    const [id] = await this.rpc.model<number[]>(
      model,
      'create',
      [
        [
          {
            customer: party.id,
            delivery_address: party.address,
            reference: fulfillment.externalId,
            warehouse,
            planned_date: date,
            effective_date: date,
            outgoing_moves: [['create', moves]],
          },
        ],
      ],
      ctx,
    );
    await this.finishShipmentOut(id, 'draft', ctx);
    return { id: String(id), created: true };
  }

  /**
   * A posted customer invoice referenced by the external id. Tryton has no cash sale record: a
   * cash sale is a posted invoice too, its description saying so (the payment is the POS's).
   */
  async createBillingDocument(doc: ErpBillingDocument, ctx: CallContext): Promise<ErpUpsertResult> {
    assertExternalId(doc.externalId);
    const existing = await this.existingInvoice(doc.externalId, ctx);
    if (existing) return existing;
    await this.saleOf(doc.salesOrderExternalId, ctx);
    const party = await this.party(doc.customerId, ctx);
    const [lines, accounts] = await Promise.all([
      this.saleLines(doc.lines, doc.currency, ctx),
      this.accounts(ctx),
    ]);
    const invoiceLines: Record<string, unknown>[] = lines.map((line) => ({
      ...line,
      account: accounts.revenue,
    }));
    if (doc.shippingCost)
      invoiceLines.push(
        this.amountLine(
          'Shipping',
          1,
          trytonDecimal(minorToDecimalString(doc.shippingCost, doc.currency)),
          accounts.revenue,
        ),
      );
    const kind = doc.recordType === 'cashSale' ? 'Cash sale' : 'Invoice';
    return this.postedInvoice(
      {
        party,
        currency: doc.currency,
        date: doc.tranDate,
        reference: doc.externalId,
        description: `${kind} ${doc.salesOrderExternalId}${doc.memo ? ` ${doc.memo}` : ''}`,
        lines: invoiceLines,
      },
      accounts,
      ctx,
    );
  }

  /** The invoice a previous call created (posted now if it stopped short), for a repeat. */
  private async existingInvoice(
    reference: string,
    ctx: CallContext,
  ): Promise<ErpUpsertResult | undefined> {
    const existing = await this.findByReference('account.invoice', reference, ['state'], ctx);
    if (!existing) return undefined;
    if (existing.state === 'draft') await this.post(existing.id, ctx);
    return { id: String(existing.id), created: false };
  }

  /** A customer invoice (credit note when its lines are negative), created and posted. */
  private async postedInvoice(
    doc: {
      party: { id: number; address: number };
      currency: string;
      date: string;
      reference: string;
      description: string;
      lines: Record<string, unknown>[];
    },
    accounts: Awaited<ReturnType<TrytonErpAdapter['accounts']>>,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    const [id] = await this.rpc.model<number[]>(
      'account.invoice',
      'create',
      [
        [
          {
            type: 'out',
            party: doc.party.id,
            invoice_address: doc.party.address,
            account: accounts.receivable,
            journal: accounts.journal,
            payment_term: accounts.paymentTerm,
            currency: await this.currency(doc.currency, ctx),
            invoice_date: trytonDate(toNsDate(doc.date)),
            reference: doc.reference,
            description: doc.description.slice(0, 200),
            lines: [['create', doc.lines]],
          },
        ],
      ],
      ctx,
    );
    await this.post(id, ctx);
    return { id: String(id), created: true };
  }

  /** Shipments and bills follow their sale: none without it. */
  private async saleOf(externalId: string, ctx: CallContext): Promise<Row> {
    const sale = await this.findByReference('sale.sale', assertExternalId(externalId), [], ctx);
    if (!sale) throw new ErpNotFoundError('erp', `no Tryton sale ${externalId}`, 404, 'NOT_FOUND');
    return sale;
  }

  private async finishShipmentOut(id: number, state: string, ctx: CallContext): Promise<void> {
    const model = 'stock.shipment.out';
    const steps: Array<[string, string[]]> = [
      ['wait', ['draft']],
      ['assign_force', ['draft', 'waiting']],
      ['pick', ['draft', 'waiting', 'assigned']],
      ['pack', ['draft', 'waiting', 'assigned', 'picked']],
      ['done', ['draft', 'waiting', 'assigned', 'picked', 'packed']],
    ];
    for (const [method, from] of steps)
      if (from.includes(state)) await this.rpc.model(model, method, [[id]], ctx);
  }

  /** Products by code with their list price, for moves to a customer (Tryton needs a price). */
  private async priced(codes: string[], ctx: CallContext) {
    const known = await this.products(codes, ctx);
    const rows = await this.rpc.model<Row[]>(
      'product.product',
      'read',
      [[...known.values()].map((p) => p.id), ['list_price']],
      ctx,
    );
    const prices = new Map(rows.map((r) => [r.id, r.list_price ?? trytonDecimal('0')]));
    const currency = await this.currency(await this.companyCurrency(ctx), ctx);
    return new Map(
      [...known].map(([code, p]) => [code, { ...p, price: prices.get(p.id), currency }]),
    );
  }

  private async confirm(id: number, state: string, ctx: CallContext): Promise<void> {
    if (state === 'draft') await this.rpc.model('sale.sale', 'quote', [[id]], ctx);
    if (state === 'draft' || state === 'quotation')
      await this.rpc.model('sale.sale', 'confirm', [[id]], ctx);
  }

  private async post(id: number, ctx: CallContext): Promise<void> {
    await this.rpc.model('account.invoice', 'post', [[id]], ctx);
  }

  private async finishInternal(id: number, state: string, ctx: CallContext): Promise<void> {
    const model = 'stock.shipment.internal';
    if (state === 'draft') await this.rpc.model(model, 'wait', [[id]], ctx);
    if (state === 'draft' || state === 'waiting')
      await this.rpc.model(model, 'assign_force', [[id]], ctx);
    if (state !== 'done') await this.rpc.model(model, 'done', [[id]], ctx);
  }

  private amountLine(description: string, quantity: number, price: unknown, account: number) {
    return { type: 'line', description, quantity, unit_price: price, account };
  }

  private async saleLines(lines: ErpDocumentLine[], currency: string, ctx: CallContext) {
    const codes = lines.map((l) => (l.kind === 'non_stock' ? this.nonInventoryCode : l.itemId));
    const products = await this.products(codes, ctx);
    const out: Record<string, unknown>[] = [];
    lines.forEach((line, i) => {
      const product = products.get(codes[i])!;
      const net = line.unitPrice * line.quantity - (line.discount ?? 0);
      out.push({
        type: 'line',
        product: product.id,
        unit: product.uom,
        quantity: line.quantity,
        unit_price: trytonDecimal(perUnit(net, line.quantity, currency)),
        description:
          line.kind === 'non_stock' ? line.title.slice(0, 200) : `${codes[i]} ${line.lineId}`,
      });
      if (line.tax)
        out.push({
          type: 'line',
          product: products.get(this.nonInventoryCode)?.id ?? product.id,
          unit: product.uom,
          quantity: 1,
          unit_price: trytonDecimal(minorToDecimalString(line.tax, currency)),
          description: `Tax ${line.lineId}`,
        });
    });
    if (lines.some((l) => l.tax) && !products.has(this.nonInventoryCode))
      await this.products([this.nonInventoryCode], ctx);
    return out;
  }

  private async findByReference(
    model: string,
    reference: string,
    fields: string[],
    ctx: CallContext,
  ): Promise<Row | undefined> {
    const rows = await this.rpc.model<Row[]>(
      model,
      'search_read',
      [[['reference', '=', reference]], 0, 1, [['id', 'ASC']], fields],
      ctx,
    );
    return rows[0];
  }

  /** Products by code (our SKU), refused when one is unknown. */
  private async products(codes: string[], ctx: CallContext): Promise<Map<string, ProductRow>> {
    const unique = [...new Set(codes)];
    const rows =
      unique.length === 0
        ? []
        : await this.rpc.model<Row[]>(
            'product.product',
            'search_read',
            [[['code', 'in', unique]], 0, null, null, ['code', 'default_uom']],
            ctx,
          );
    const found = new Map(
      rows.map((r) => [String(r.code), { id: r.id, uom: Number(r.default_uom) }]),
    );
    const missing = unique.filter((c) => !found.has(c));
    if (missing.length > 0)
      throw new ErpRejectedError(
        'erp',
        `unknown Tryton product ${missing.join(', ')}`,
        400,
        'UNKNOWN_ITEM',
      );
    return found;
  }

  /** The party with that code and its first address, created when missing. */
  /**
   * The party a document names: by id when the reference is numeric (an ERP customer id
   * `findOrCreateCustomer` returned), else by code, created when missing.
   */
  private async party(
    code: string,
    ctx: CallContext,
    values: Record<string, unknown> = {},
  ): Promise<{ id: number; address: number }> {
    const key = /^\d+$/.test(code) ? ['id', '=', Number(code)] : ['code', '=', code];
    const find = () =>
      this.rpc.model<Row[]>('party.party', 'search_read', [[key], 0, 1, null, ['addresses']], ctx);
    let [row] = await find();
    if (!row) {
      try {
        await this.rpc.model(
          'party.party',
          'create',
          [[{ name: code, code, addresses: [['create', [{}]]], ...values }]],
          ctx,
        );
      } catch (error) {
        // Another call created it first (the code is unique): use that one.
        if (!(error instanceof ErpRejectedError)) throw error;
      }
      [row] = await find();
      if (!row) throw new ErpRejectedError('erp', `Tryton refused party ${code}`, 400, 'PARTY');
    }
    const addresses = row.addresses as number[];
    if (addresses.length === 0)
      throw new ErpRejectedError(
        'erp',
        `Tryton party ${code} has no address`,
        400,
        'PARTY_ADDRESS',
      );
    return { id: row.id, address: addresses[0] };
  }

  private warehouse(code: string | undefined, ctx: CallContext): Promise<number> {
    const domain: Domain = [['type', '=', 'warehouse'], ...(code ? [['code', '=', code]] : [])];
    return this.cached(
      `warehouse:${code ?? ''}`,
      domain,
      'stock.location',
      `warehouse ${code}`,
      ctx,
    );
  }

  private currency(code: string, ctx: CallContext): Promise<number> {
    return this.cached(
      `currency:${code}`,
      [['code', '=', code]],
      'currency.currency',
      `currency ${code}`,
      ctx,
    );
  }

  private locationOfType(type: string, ctx: CallContext): Promise<number> {
    return this.cached(
      `location:${type}`,
      [['type', '=', type]],
      'stock.location',
      `${type} location`,
      ctx,
    );
  }

  /** Reference data (warehouses, currencies, locations) is looked up once per adapter. */
  private cached(key: string, domain: Domain, model: string, what: string, ctx: CallContext) {
    let id = this.ids.get(key);
    if (!id) {
      id = this.rpc
        .model<number[]>(model, 'search', [domain, 0, 1, [['id', 'ASC']]], ctx)
        .then(([found]) => {
          if (found === undefined)
            throw new ErpRejectedError('erp', `no Tryton ${what}`, 400, 'UNKNOWN_REFERENCE');
          return found;
        });
      this.ids.set(key, id);
      id.catch(() => this.ids.delete(key));
    }
    return id;
  }

  private async readOne(model: string, id: number, field: string, ctx: CallContext) {
    const [row] = await this.rpc.model<Row[]>(model, 'read', [[id], [field]], ctx);
    return Number(row[field]);
  }

  private async companyCurrency(ctx: CallContext): Promise<string> {
    const key = 'company-currency';
    let id = this.ids.get(key);
    if (!id) {
      id = this.rpc
        .model<Row[]>(
          'company.company',
          'search_read',
          [[], 0, 1, [['id', 'ASC']], ['currency']],
          ctx,
        )
        .then(async ([company]) => {
          const [currency] = await this.rpc.model<Row[]>(
            'currency.currency',
            'read',
            [[Number(company.currency)], ['code']],
            ctx,
          );
          this.companyCurrencyCode = String(currency.code);
          return currency.id;
        });
      this.ids.set(key, id);
      id.catch(() => this.ids.delete(key));
    }
    await id;
    return this.companyCurrencyCode;
  }

  private companyCurrencyCode = 'EUR';

  private async accounts(ctx: CallContext) {
    const [revenue, receivable, paymentTerm, journal] = await Promise.all([
      this.cached(
        'account:revenue',
        [['type.revenue', '=', true]],
        'account.account',
        'revenue account',
        ctx,
      ),
      this.cached(
        'account:receivable',
        [['type.receivable', '=', true]],
        'account.account',
        'receivable account',
        ctx,
      ),
      this.cached('payment-term', [], 'account.invoice.payment_term', 'payment term', ctx),
      this.cached('journal', [['type', '=', 'revenue']], 'account.journal', 'revenue journal', ctx),
    ]);
    return { revenue, receivable, paymentTerm, journal };
  }
}

/** Price per unit of a line total, to 4 decimals (Tryton's default price digits). */
function perUnit(totalMinor: number, quantity: number, currency: string): string {
  const total = Number(minorToDecimalString(totalMinor, currency));
  return (total / quantity).toFixed(4);
}

const itemIdOf = (row: Row) => (row.code ? String(row.code) : String(row.id));

export function fromTrytonProduct(row: Row, currency: string): ErpItem {
  const price = decimalText(row.list_price);
  const modified = isoOf(row.write_date) ?? isoOf(row.create_date);
  return {
    itemId: itemIdOf(row),
    sku: itemIdOf(row),
    name: String(row.name ?? row.code ?? row.id),
    active: row.active !== false,
    ...(price !== undefined ? { basePrice: decimalToMinor(price, currency), currency } : {}),
    ...(modified ? { lastModified: modified } : {}),
  };
}
