import { Injectable } from '@nestjs/common';
import { ReturnException } from '../domain/return.exception';
import type { ExchangePlan } from '../domain/exchange';
import type { ReturnLineRecord } from '../domain/return-record';
import { ReturnsRepository } from '../persistence/returns.repository';
import { StepsRepository } from '../persistence/steps.repository';

const lineView = (l: ReturnLineRecord) => ({
  lineId: l.lineId,
  sku: l.sku,
  quantity: l.quantity,
  reasonCode: l.reasonCode,
  ...(l.serialNumbers.length ? { serialNumbers: l.serialNumbers } : {}),
  ...(l.lotNumber ? { lotNumber: l.lotNumber } : {}),
  ...(l.condition ? { condition: l.condition, disposition: l.disposition } : {}),
});

/** The exchange without the shipping address (personal data: the replacement order has it). */
const exchangeView = ({ shippingAddress: _address, ...x }: ExchangePlan) => x;

/** `GET /v1/returns/{id}`: lines with dispositions, the refund breakdown, steps and timeline. */
@Injectable()
export class GetReturnHandler {
  constructor(
    private readonly returns: ReturnsRepository,
    private readonly steps: StepsRepository,
  ) {}

  async execute(id: string) {
    const r = await this.returns.find(id);
    if (!r) throw ReturnException.notFound(id);
    const [timeline, steps] = await Promise.all([this.returns.timeline(id), this.steps.list(id)]);
    return {
      returnId: r.id,
      orderId: r.orderId,
      channel: r.channel,
      orderChannel: r.orderChannel,
      locationId: r.locationId,
      resolution: r.resolution,
      status: r.status,
      ...(r.statusReason ? { statusReason: r.statusReason } : {}),
      ...(r.approvalReasons ? { approvalReasons: r.approvalReasons } : {}),
      currency: r.currency,
      lines: r.lines.map(lineView),
      ...(r.exchangeLines ? { exchangeLines: r.exchangeLines } : {}),
      ...(r.exchange ? { exchange: exchangeView(r.exchange) } : {}),
      refundEstimate: r.estimate,
      ...(r.refund ? { refund: r.refund } : {}),
      ...(r.refundReference ? { refundReference: r.refundReference } : {}),
      ...(r.replacementOrderId ? { replacementOrderId: r.replacementOrderId } : {}),
      ...(r.erpCreditMemoId ? { erpCreditMemoId: r.erpCreditMemoId } : {}),
      createdAt: r.createdAt,
      steps: steps.map(({ returnId: _id, ...s }) => s),
      timeline,
    };
  }
}
