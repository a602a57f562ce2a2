import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { CHANNELS, ChannelName } from '../channels/channel';
import { ChannelOrdersService } from '../channels/channel-orders.service';
import { SimulatorConfig } from '../config/env';
import { SIMULATOR_CONFIG } from '../config/tokens';
import { parseFaultChanges } from '../gate/fault-update';
import { FaultsService } from '../gate/faults.service';
import { StatsService } from '../gate/stats.service';
import { CallsStore } from '../store/calls.store';
import { OrderStore } from '../store/order.store';
import { WebhooksService } from '../webhooks/webhooks.service';
import {
  CallsQueryDto,
  ChannelQueryDto,
  InventoryEditDto,
  RegisterWebhookDto,
  SeedOrdersDto,
  UpdateOrderDto,
} from './admin.dto';

const CHANNEL_PIPE = new ParseEnumPipe(Object.fromEntries(CHANNELS.map((c) => [c, c])));

/** Test controls. No credentials: the simulator is a test double (ADR 0019). */
@ApiTags('admin')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@Controller('admin')
export class AdminController {
  constructor(
    private readonly orders: ChannelOrdersService,
    private readonly store: OrderStore,
    private readonly faults: FaultsService,
    private readonly stats: StatsService,
    private readonly calls: CallsStore,
    private readonly webhooks: WebhooksService,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Per channel: orders, requests per operation, limiter peaks, webhooks, calls',
  })
  getStats() {
    return Object.fromEntries(
      CHANNELS.map((channel) => [
        channel,
        {
          orders: this.store.count(channel),
          operations: this.stats.operations(channel),
          limits: this.faults.limiterStats(channel),
          webhooks: this.webhooks.stats(channel),
          calls: this.calls.counts(channel),
        },
      ]),
    );
  }

  @Get('faults')
  getFaults() {
    return this.faults.current();
  }

  @Post('faults')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change fault settings and limits per channel (only the fields sent)' })
  setFaults(@Body() body: unknown) {
    const { changes, problems } = parseFaultChanges(body, (c) => this.faults.limiterNames(c));
    if (problems.length > 0) throw new BadRequestException(problems);
    return this.faults.update(changes);
  }

  @Post('reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Forget orders, calls, webhooks and counters; restore the vendor limits',
  })
  reset() {
    this.store.reset();
    this.calls.reset();
    this.stats.reset();
    this.faults.reset();
    this.webhooks.reset();
    return { reset: true };
  }

  @Get('credentials')
  @ApiOperation({ summary: 'The credentials each stand-in channel accepts' })
  credentials() {
    return this.config.credentials;
  }

  @Post('orders')
  @ApiOperation({
    summary:
      'Create channel orders in the native shape ({ channel, count?, orders?, template?, skus? })',
  })
  seed(@Body() body: SeedOrdersDto) {
    const problems = this.orders.invalidNatives(body.channel, body.orders ?? []);
    if (problems.length > 0) throw new BadRequestException(problems);
    const ids = this.orders.seed(body.channel, body);
    return { channel: body.channel, created: ids.length, ids };
  }

  @Get('orders/:channel/:id')
  @ApiOperation({ summary: 'One order as the channel holds it' })
  order(@Param('channel', CHANNEL_PIPE) channel: ChannelName, @Param('id') id: string) {
    return this.find(channel, id).native;
  }

  @Post('orders/:channel/:id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel an order in the channel (bumps its updated time, sends the webhook)',
  })
  cancel(@Param('channel', CHANNEL_PIPE) channel: ChannelName, @Param('id') id: string) {
    const order = this.find(channel, id);
    this.orders.cancel(channel, order);
    return order.native;
  }

  @Post('orders/:channel/:id/update')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A change made in the channel: optional native fields, bumps its updated time',
  })
  update(
    @Param('channel', CHANNEL_PIPE) channel: ChannelName,
    @Param('id') id: string,
    @Body() body: UpdateOrderDto,
  ) {
    const order = this.find(channel, id);
    Object.assign(order.native, body.changes ?? {});
    this.orders.changed(channel, order);
    return order.native;
  }

  @Post('webhooks')
  @ApiOperation({
    summary: 'Register a webhook delivery target ({ channel, url, secret?, headers? })',
  })
  register(@Body() body: RegisterWebhookDto) {
    if (body.channel === 'square' && !body.secret)
      throw new BadRequestException(['secret (the signature key) is required for square']);
    const target = this.webhooks.register({
      channel: body.channel,
      url: body.url,
      secret: body.secret,
      headers: body.headers ?? {},
    });
    return { ...target, secret: target.secret ? '***' : undefined };
  }

  @Get('webhooks')
  listWebhooks() {
    return this.webhooks.list();
  }

  @Get('calls')
  @ApiOperation({ summary: 'Calls the middleware made to the channels (newest first)' })
  listCalls(@Query() query: CallsQueryDto) {
    return this.calls.list(query);
  }

  @Get('inventory')
  @ApiOperation({ summary: 'The last quantity the middleware set per channel, SKU and location' })
  inventory(@Query() query: ChannelQueryDto) {
    return this.calls.availability(query.channel);
  }

  @Post('inventory')
  @HttpCode(204)
  @ApiOperation({
    summary:
      "A merchant's own stock edit in the channel's admin: the channel shows it until the middleware sets the SKU again",
  })
  editInventory(@Body() body: InventoryEditDto): void {
    this.calls.edit(body.channel, {
      sku: body.sku,
      location: body.location,
      quantity: body.quantity,
    });
  }

  private find(channel: ChannelName, id: string) {
    const order = this.store.get(channel, id);
    if (!order) throw new NotFoundException(`no ${channel} order ${id}`);
    return order;
  }
}
