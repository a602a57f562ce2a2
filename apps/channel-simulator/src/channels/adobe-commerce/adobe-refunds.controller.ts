import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { magentoTime } from '../../common/dates';
import { isRecord } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { CLOCK, Clock } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore } from '../../store/calls.store';
import { OrderStore } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { amount } from '../order-seed';
import { NOT_FOUND, criteriaOf, criteriaPage } from './adobe.controller';
import { AdobeItem, AdobeOrder } from './adobe.orders';
import { meets } from './search-criteria';

type Json = Record<string, unknown>;
type Stored = StoredOrder<AdobeOrder>;

/** Minor units of a Magento decimal amount. */
const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100);

/** Magento's answer to a credit memo its validators refuse (webapi 400 `{ message }`). */
function refused(...messages: string[]): ChannelHttpError {
  return new ChannelHttpError(400, {
    message: `Creditmemo Document Validation Error(s):\n${messages.join('\n')}`,
  });
}

/**
 * Adobe Commerce (Magento 2) credit memos: salesRefundOrderV1 (`POST /V1/order/{id}/refund`,
 * offline refund of invoiced units) and salesCreditmemoRepositoryV1GetList (`GET /V1/creditmemos`).
 * Only invoiced, not yet refunded units can be refunded (`qty_invoiced - qty_refunded`); an order
 * whose invoiced units are all refunded is `closed`.
 */
@ApiTags('adobe-commerce')
@Controller('rest/V1')
export class AdobeRefundsController {
  private memoSeq = 0;
  /** Credit memos per order (the order resource does not embed them). */
  private readonly memos = new WeakMap<Stored, Json[]>();

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly calls: CallsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * salesRefundOrderV1: `items[{ order_item_id, qty }]` (none: every refundable unit), `notify`,
   * `appendComment`, `comment { comment, is_visible_on_front }`, `arguments { shipping_amount
   * (absent: the shipping not yet refunded), adjustment_positive, adjustment_negative,
   * extension_attributes { return_to_stock_items } }`. Answers the credit memo id as a JSON number.
   */
  @Post('order/:orderId/refund')
  @HttpCode(200)
  @Header('content-type', 'application/json; charset=utf-8')
  @ChannelOperation('adobe-commerce', 'salesRefundOrderV1ExecutePost')
  refund(@Param('orderId') orderId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const order = this.store.get<AdobeOrder>('adobe-commerce', orderId);
    if (!order) throw vendorError('adobe-commerce', 'not_found', NOT_FOUND, request.url);
    const native = order.native;
    const b = isRecord(body) ? body : {};
    const left = (i: AdobeItem) => Number(i.qty_invoiced ?? 0) - Number(i.qty_refunded ?? 0);
    if (['canceled', 'closed'].includes(native.state) || !native.items.some((i) => left(i) > 0))
      throw refused("We can't create creditmemo for the order.");
    if (b.items !== undefined && !Array.isArray(b.items))
      throw vendorError('adobe-commerce', 'bad_request', 'items must be an array', request.url);
    const asked = Array.isArray(b.items) ? b.items : [];
    const requested =
      asked.length > 0
        ? asked.map((i) => ({
            item: isRecord(i)
              ? native.items.find((x) => x.item_id === Number(i.order_item_id))
              : undefined,
            qty: isRecord(i) ? Number(i.qty) : NaN,
          }))
        : native.items.filter((i) => left(i) > 0).map((item) => ({ item, qty: left(item) }));
    if (requested.some((r) => !r.item))
      throw refused('The creditmemo contains product item that is not part of the original order.');
    const over = requested.find(({ item, qty }) => !(qty >= 0) || qty > left(item!));
    if (over)
      throw refused(
        `The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "${over.item!.sku}".`,
      );
    const args = isRecord(b.arguments) ? b.arguments : {};
    const number = (name: string) => {
      const value = args[name];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'number' || !(value >= 0))
        throw vendorError(
          'adobe-commerce',
          'bad_request',
          `arguments.${name} must be a non-negative number`,
          request.url,
        );
      return cents(value);
    };
    const shippingLeft = cents(native.shipping_amount) - cents(native.shipping_refunded);
    const shipping = number('shipping_amount') ?? shippingLeft;
    if (shipping > shippingLeft)
      throw refused(`Maximum shipping amount allowed to refund is: ${amount(shippingLeft)}`);
    const positive = number('adjustment_positive') ?? 0;
    const negative = number('adjustment_negative') ?? 0;
    const ext = isRecord(args.extension_attributes) ? args.extension_attributes : {};
    const restock = Array.isArray(ext.return_to_stock_items) ? ext.return_to_stock_items : [];
    if (restock.some((id) => !requested.some((r) => r.item!.item_id === Number(id))))
      throw refused(
        'The return to stock argument contains product item that is not part of the original order.',
      );

    const lines = requested
      .filter((r) => r.qty > 0)
      .map(({ item, qty }) => {
        const i = item!;
        const last = qty === left(i) && Number(i.qty_invoiced) === i.qty_ordered;
        const tax = last
          ? cents(i.tax_amount) - cents(i.tax_refunded)
          : Math.round((cents(i.tax_amount) * qty) / i.qty_ordered);
        return { item: i, qty, row: Math.round(cents(i.price) * qty), tax };
      });
    const subtotal = lines.reduce((n, l) => n + l.row, 0);
    const tax = lines.reduce((n, l) => n + l.tax, 0);
    const total = subtotal + tax + shipping + positive - negative;
    const refundable =
      cents(native.total_paid ?? native.grand_total) - cents(native.total_refunded);
    if (!(total > 0)) throw refused("The credit memo's total must be positive.");
    if (total > refundable)
      throw refused(`The most money available to refund is ${amount(refundable)}.`);

    const id = ++this.memoSeq;
    const at = magentoTime(new Date(this.clock()));
    const comment =
      isRecord(b.comment) && typeof b.comment.comment === 'string' ? b.comment : undefined;
    const memo: Json = {
      entity_id: id,
      increment_id: String(id).padStart(9, '0'),
      order_id: native.entity_id,
      store_id: native.store_id,
      state: 2,
      creditmemo_status: 2,
      email_sent: b.notify === true ? 1 : 0,
      order_currency_code: native.order_currency_code,
      base_currency_code: native.base_currency_code,
      subtotal: amount(subtotal),
      base_subtotal: amount(subtotal),
      subtotal_incl_tax: amount(subtotal + tax),
      tax_amount: amount(tax),
      base_tax_amount: amount(tax),
      shipping_amount: amount(shipping),
      base_shipping_amount: amount(shipping),
      adjustment_positive: amount(positive),
      adjustment_negative: amount(negative),
      adjustment: amount(positive - negative),
      grand_total: amount(total),
      base_grand_total: amount(total),
      created_at: at,
      updated_at: at,
      items: lines.map((l, n) => ({
        entity_id: id * 100 + n + 1,
        parent_id: id,
        order_item_id: l.item.item_id,
        product_id: l.item.product_id,
        sku: l.item.sku,
        name: l.item.name,
        qty: l.qty,
        price: l.item.price,
        base_price: l.item.base_price,
        row_total: amount(l.row),
        base_row_total: amount(l.row),
        tax_amount: amount(l.tax),
        base_tax_amount: amount(l.tax),
        row_total_incl_tax: amount(l.row + l.tax),
        price_incl_tax: l.item.price_incl_tax,
      })),
      comments: comment
        ? [
            {
              entity_id: id,
              parent_id: id,
              comment: comment.comment,
              is_customer_notified: b.appendComment === true && b.notify === true ? 1 : 0,
              is_visible_on_front: Number(comment.is_visible_on_front ?? 0),
              created_at: at,
            },
          ]
        : [],
    };
    for (const l of lines) {
      const i = l.item;
      i.qty_refunded = Number(i.qty_refunded ?? 0) + l.qty;
      i.amount_refunded = amount(cents(i.amount_refunded) + l.row);
      i.base_amount_refunded = i.amount_refunded;
      i.tax_refunded = amount(cents(i.tax_refunded) + l.tax);
      i.base_tax_refunded = i.tax_refunded;
    }
    const add = (field: string, minor: number) => {
      native[field] = amount(cents(native[field]) + minor);
      native[`base_${field}`] = native[field];
    };
    add('subtotal_refunded', subtotal);
    add('tax_refunded', tax);
    add('shipping_refunded', shipping);
    add('adjustment_positive', positive);
    add('adjustment_negative', negative);
    add('total_refunded', total);
    add('total_offline_refunded', total);
    if (native.items.every((i) => left(i) === 0 && Number(i.qty_invoiced) >= i.qty_ordered)) {
      native.state = 'closed';
      native.status = 'closed';
    }
    this.memos.set(order, [...(this.memos.get(order) ?? []), memo]);
    this.orders.changed('adobe-commerce', order);
    this.calls.record({
      channel: 'adobe-commerce',
      kind: 'refund',
      operation: 'salesRefundOrderV1ExecutePost',
      method: 'POST',
      path: request.url,
      body,
      orderId,
    });
    return JSON.stringify(id);
  }

  /** salesCreditmemoRepositoryV1GetList: `{ items, search_criteria, total_count }`. */
  @Get('creditmemos')
  @ChannelOperation('adobe-commerce', 'salesCreditmemoRepositoryV1GetListGet')
  list(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest) {
    const criteria = criteriaOf(query, request);
    const all = this.store
      .all<AdobeOrder>('adobe-commerce')
      .flatMap((o) => this.memos.get(o) ?? [])
      .filter((m) => meets(criteria, (field) => m[field]))
      .sort((a, b) => Number(a.entity_id) - Number(b.entity_id));
    const items = criteriaPage(all, criteria, this.faults.settings('adobe-commerce'));
    return { items, search_criteria: criteria, total_count: all.length };
  }
}
