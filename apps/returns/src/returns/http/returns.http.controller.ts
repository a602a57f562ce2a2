import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Inspection,
  RETURN_STATUSES,
  ReturnCreationResult,
  ReturnRequest,
} from '@retail/contracts';
import {
  assertAtLocation,
  assertCanActFor,
  CurrentPrincipal,
  Idempotent,
  NoRequestBody,
  Principal,
  requesterOf,
  Scopes,
} from '@retail/platform-http';
import { CreateReturnHandler } from '../create-return/create-return.handler';
import { ReturnException } from '../domain/return.exception';
import { GetReturnHandler } from '../get-return/get-return.handler';
import { InspectReturnHandler } from '../inspect-return/inspect-return.handler';
import { ListReturnsHandler } from '../list-returns/list-returns.handler';
import { ListReturnsQuery } from '../list-returns/list-returns.query';
import { ReceiveReturnHandler } from '../receive-return/receive-return.handler';
import {
  INSPECTION_RESULT_SCHEMA,
  RETURN_PAGE_SCHEMA,
  RETURN_VIEW_MODELS,
  RETURN_VIEW_SCHEMA,
  returnStepSchema,
} from './return-view.schema';
import { ApproveReturn, RejectReturn, RetryReturn } from './review.dto';
import { ReviewReturnHandler } from '../review-return/review-return.handler';
import { WorkflowWorker } from '../workflow/workflow.worker';

/** The contract's Returns routes (thin: validation by contract classes, work in handlers). */
@ApiTags('returns')
@ApiExtraModels(...RETURN_VIEW_MODELS)
@Controller('returns')
export class ReturnsHttpController {
  constructor(
    private readonly create: CreateReturnHandler,
    private readonly get: GetReturnHandler,
    private readonly receiving: ReceiveReturnHandler,
    private readonly inspection: InspectReturnHandler,
    private readonly review: ReviewReturnHandler,
    private readonly worker: WorkflowWorker,
    private readonly listing: ListReturnsHandler,
  ) {}

  /** A channel for its own orders; a store for any channel's order, taken back at that store. */
  @Post()
  @Scopes('admin', 'channel', 'store')
  @Idempotent(201, ReturnCreationResult)
  @ApiOperation({ summary: 'Authorize a return (RMA) with every contract check' })
  async createReturn(
    @Body() body: ReturnRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReturnCreationResult> {
    assertCanActFor(principal, body.channel);
    assertAtLocation(principal, body.locationId);
    const result = await this.create.execute(body, principal);
    this.worker.kick();
    return result;
  }

  @Get()
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'Returns, newest first, filtered by status, channel or order; cursor' })
  @ApiOkResponse({ schema: RETURN_PAGE_SCHEMA })
  listReturns(@Query() query: ListReturnsQuery, @CurrentPrincipal() principal: Principal) {
    return this.listing.execute(query, principal);
  }

  @Get(':id')
  @Scopes('admin', 'channel', 'store')
  @ApiOperation({ summary: 'A return with lines, dispositions, refund breakdown and timeline' })
  @ApiOkResponse({ schema: RETURN_VIEW_SCHEMA })
  async getReturn(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const found = await this.get.execute(id);
    if (
      principal.kind === 'channel' &&
      ![found.channel, found.orderChannel].includes(principal.channel)
    )
      throw ReturnException.notFound(id);
    // A store sees the returns taken back at its own location only.
    if (principal.kind === 'store' && principal.locationId !== found.locationId)
      throw ReturnException.notFound(id);
    return found;
  }

  @Post(':id/receive')
  @NoRequestBody()
  @Scopes('admin', 'store')
  @Idempotent(200)
  @ApiOperation({ summary: 'Goods arrived at the receiving location' })
  @ApiOkResponse({ schema: returnStepSchema(['received']) })
  async receive(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.assertAccess(id, principal);
    return this.receiving.execute(id);
  }

  @Post(':id/inspection')
  @Scopes('admin', 'store')
  @Idempotent(200)
  @ApiOperation({ summary: 'Per-line condition; dispositions follow by rule, then stock moves' })
  @ApiOkResponse({ schema: INSPECTION_RESULT_SCHEMA })
  async inspect(
    @Param('id') id: string,
    @Body() body: Inspection,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.assertAccess(id, principal);
    const result = await this.inspection.execute(id, body);
    this.worker.kick();
    return result;
  }

  @Post(':id/approve')
  @Scopes('admin')
  @Idempotent(200)
  @ApiOperation({ summary: 'Approve a return awaiting approval' })
  @ApiOkResponse({ schema: returnStepSchema(['authorized']) })
  async approve(@Param('id') id: string, @Body() body?: ApproveReturn) {
    const result = await this.review.approve(id, requesterOf(body));
    this.worker.kick();
    return result;
  }

  @Post(':id/reject')
  @Scopes('admin')
  @Idempotent(200)
  @ApiOperation({ summary: 'Reject a return awaiting approval or authorized' })
  @ApiOkResponse({ schema: returnStepSchema(['rejected']) })
  reject(@Param('id') id: string, @Body() body: RejectReturn) {
    return this.review.reject(id, body.reason, requesterOf(body));
  }

  @Post(':id/retry')
  @Scopes('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a return in exception from the status it stopped at' })
  @ApiOkResponse({
    description: 'The status the return resumes at',
    schema: returnStepSchema(RETURN_STATUSES),
  })
  async retry(@Param('id') id: string, @Body() body: RetryReturn) {
    const result = await this.review.retry(id, requesterOf(body), body.taxBasis);
    this.worker.kick();
    return result;
  }

  /** Receiving and inspecting: an administrator, or the store the return is taken back at. */
  private async assertAccess(id: string, principal: Principal) {
    if (principal.kind === 'admin') return;
    const found = await this.get.execute(id);
    assertAtLocation(principal, found.locationId);
  }
}
