import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inspection, ReturnCreationResult, ReturnRequest } from '@retail/contracts';
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
import { ApproveReturn, RejectReturn, RetryReturn } from './review.dto';
import { ReviewReturnHandler } from '../review-return/review-return.handler';
import { WorkflowWorker } from '../workflow/workflow.worker';

/** The contract's Returns routes (thin: validation by contract classes, work in handlers). */
@ApiTags('returns')
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
  listReturns(@Query() query: ListReturnsQuery, @CurrentPrincipal() principal: Principal) {
    return this.listing.execute(query, principal);
  }

  @Get(':id')
  @Scopes('admin', 'channel', 'store')
  @ApiOperation({ summary: 'A return with lines, dispositions, refund breakdown and timeline' })
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
  async receive(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.assertAccess(id, principal);
    return this.receiving.execute(id);
  }

  @Post(':id/inspection')
  @Scopes('admin', 'store')
  @Idempotent(200)
  @ApiOperation({ summary: 'Per-line condition; dispositions follow by rule, then stock moves' })
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
  async approve(@Param('id') id: string, @Body() body?: ApproveReturn) {
    const result = await this.review.approve(id, requesterOf(body));
    this.worker.kick();
    return result;
  }

  @Post(':id/reject')
  @Scopes('admin')
  @Idempotent(200)
  reject(@Param('id') id: string, @Body() body: RejectReturn) {
    return this.review.reject(id, body.reason, requesterOf(body));
  }

  @Post(':id/retry')
  @Scopes('admin')
  @HttpCode(200)
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
