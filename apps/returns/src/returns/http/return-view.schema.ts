import {
  DISPOSITIONS,
  EXCHANGE_FULFILLMENTS,
  ExchangeLine,
  ITEM_CONDITIONS,
  Refund,
  RETURN_RESOLUTIONS,
  RETURN_STATUSES,
} from '@retail/contracts';
import { OpenApi } from '@retail/platform-http';
import { STEP_NAMES, type StepState } from '../workflow/step-names';

// Response schemas of the Returns routes (what the handlers answer), for their documentation.
const { anyValue, array, boolean, dateTime, integer, object, oneOf, ref, string } = OpenApi;

const STEP_STATES: StepState[] = [
  'waiting',
  'pending',
  'running',
  'done',
  'failed',
  'compensated',
  'skipped',
];

/** Contract classes the schemas refer to (for `@ApiExtraModels`). */
export const RETURN_VIEW_MODELS = [Refund, ExchangeLine];

const minor = (description: string) => integer({ description: `${description}, minor units` });

/** The priced exchange of a return (ADR 0036); the shipping address is on the replacement order. */
const EXCHANGE_SCHEMA = object(
  {
    fulfillment: oneOf(EXCHANGE_FULFILLMENTS),
    advance: boolean(),
    lines: array(
      object(
        {
          lineId: string({ description: 'The line id on the replacement order' }),
          sku: string(),
          quantity: integer(),
          unitPrice: integer(),
          discount: integer(),
          tax: integer(),
        },
        { replacesLineId: string() },
      ),
    ),
    replacementTotal: minor('What the replacement costs, tax included'),
    estimatedCredit: minor('The credit of the returned units if they pass inspection'),
    payments: array(
      object({
        kind: oneOf(['charge', 'refund']),
        purpose: oneOf(['advance', 'settle', 'unreturned']),
        idempotencyKey: string(),
        amount: integer(),
        reference: string({
          description: "The payment provider's charge, refund or (captured) authorization id",
        }),
        at: dateTime(),
      }),
    ),
  },
  {
    pickupLocationId: string(),
    dueBy: dateTime({ description: 'Advance exchange: the goods must be received before' }),
    lapsedAt: dateTime({ description: 'Advance exchange: when the window passed without them' }),
    hold: object(
      {
        idempotencyKey: string(),
        authorizationId: string({ description: "The payment provider's authorization id" }),
        amount: minor("Held on the customer's card while the goods are out"),
        state: oneOf(['held', 'voided', 'captured']),
        at: dateTime(),
      },
      { closedAt: dateTime({ description: 'When it was voided or captured' }) },
      {
        description:
          'Advance exchange: the authorization held for the replacement during the window',
      },
    ),
  },
);

/** `GET /v1/returns/{id}` (GetReturnHandler). */
export const RETURN_VIEW_SCHEMA = object(
  {
    returnId: string({ format: 'uuid' }),
    orderId: string(),
    channel: string({ description: 'Where the return started' }),
    orderChannel: string({ description: "The order's channel" }),
    locationId: string(),
    resolution: oneOf(RETURN_RESOLUTIONS),
    status: oneOf(RETURN_STATUSES),
    currency: string(),
    lines: array(
      object(
        { lineId: string(), sku: string(), quantity: integer(), reasonCode: string() },
        {
          serialNumbers: array(string()),
          lotNumber: string(),
          condition: oneOf(ITEM_CONDITIONS),
          disposition: oneOf(DISPOSITIONS),
        },
      ),
    ),
    refundEstimate: ref(Refund),
    createdAt: dateTime(),
    steps: array(
      object(
        {
          step: oneOf(STEP_NAMES),
          state: oneOf(STEP_STATES),
          attempts: integer({ minimum: 0 }),
          updatedAt: dateTime(),
        },
        { result: anyValue("The step's outcome"), lastError: string() },
      ),
    ),
    timeline: array(
      object(
        { at: dateTime(), status: oneOf(RETURN_STATUSES), event: string() },
        { detail: anyValue('What the event recorded') },
      ),
    ),
  },
  {
    statusReason: string(),
    approvalReasons: array(string(), { description: 'Why the return awaits approval' }),
    exchangeLines: array(ref(ExchangeLine)),
    exchange: EXCHANGE_SCHEMA,
    refund: ref(Refund),
    refundReference: string({ description: "The payment provider's refund id" }),
    replacementOrderId: string(),
    erpCreditMemoId: string(),
  },
);

/** `GET /v1/returns`: a page of summaries, newest first (ListReturnsHandler). */
export const RETURN_PAGE_SCHEMA = object(
  {
    items: array(
      object(
        {
          returnId: string({ format: 'uuid' }),
          orderId: string(),
          channel: string(),
          orderChannel: string(),
          locationId: string(),
          resolution: oneOf(RETURN_RESOLUTIONS),
          status: oneOf(RETURN_STATUSES),
          currency: string(),
          createdAt: dateTime(),
          updatedAt: dateTime(),
        },
        { statusReason: string(), refundTotal: integer({ description: 'Minor units' }) },
      ),
    ),
  },
  { nextCursor: string({ description: 'Pass as `cursor` for the next page' }) },
);

/** What a step of the review answers: the return and its new status. */
export const returnStepSchema = (statuses: readonly string[], extra = {}) =>
  object({ returnId: string({ format: 'uuid' }), status: oneOf(statuses), ...extra });

/** `POST /v1/returns/{id}/inspection`: the status and each line's condition and disposition. */
export const INSPECTION_RESULT_SCHEMA = returnStepSchema(['inspected'], {
  lines: array(
    object({
      lineId: string(),
      condition: oneOf(ITEM_CONDITIONS),
      disposition: oneOf(DISPOSITIONS),
    }),
  ),
});

const money = { amount: integer(), currency: string(), status: string() };

/** `GET /v1/reconciliation/refunds` (ReconcileRefundsHandler). */
export const REFUND_RECONCILIATION_SCHEMA = object({
  from: dateTime(),
  to: dateTime(),
  checkedAt: dateTime(),
  providerRefunds: integer({ minimum: 0, description: 'Refunds the provider made in the window' }),
  recordedRefunds: integer({ minimum: 0, description: 'Refunds our returns recorded in it' }),
  drifting: integer({ minimum: 0 }),
  items: array(
    object(
      {
        kind: oneOf(['unrecorded_refund', 'missing_at_provider', 'amount_mismatch', 'not_settled']),
        refundId: string(),
        action: string({ description: 'What an operator does about it' }),
      },
      {
        returnId: string(),
        ours: object(money),
        theirs: object({ ...money, createdAt: dateTime() }),
      },
    ),
  ),
});
