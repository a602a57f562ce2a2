import { BigCommerceRefundsController } from './channels/bigcommerce/bigcommerce-refunds.controller';
import { ShopifyRefundsController } from './channels/shopify/shopify-refunds.controller';
import { AvailabilityReadsController } from './channels/availability-reads.controller';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AdminController } from './admin/admin.controller';
import { AdobeCommerceController } from './channels/adobe-commerce/adobe.controller';
import { AmazonAuthController } from './channels/amazon/amazon-auth.controller';
import { AmazonOrdersController } from './channels/amazon/amazon-orders.controller';
import { BigCommerceController } from './channels/bigcommerce/bigcommerce.controller';
import { ChannelOrdersService } from './channels/channel-orders.service';
import { SalesforceAuthController } from './channels/salesforce-commerce/salesforce-auth.controller';
import { SalesforceController } from './channels/salesforce-commerce/salesforce.controller';
import { ShopifyOrdersController } from './channels/shopify/shopify-orders.controller';
import { ShopifyWritesController } from './channels/shopify/shopify-writes.controller';
import { SquareController } from './channels/square/square.controller';
import { SquareRefundsController } from './channels/square/square-refunds.controller';
import { AdobeRefundsController } from './channels/adobe-commerce/adobe-refunds.controller';
import { SimulatorConfig } from './config/env';
import { CLOCK, Clock, RANDOM, SIMULATOR_CONFIG } from './config/tokens';
import { FaultsService } from './gate/faults.service';
import { GateInterceptor } from './gate/gate.interceptor';
import { StatsService } from './gate/stats.service';
import { HealthController } from './health/health.controller';
import { MetricsService } from './health/metrics.service';
import { CallsStore } from './store/calls.store';
import { Catalog } from './store/catalog';
import { OrderStore } from './store/order.store';
import { TokenStore } from './store/token.store';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * One module: the channels are small and share the gate, the stores and the webhooks. Own
 * wiring, not ServiceModule (no API keys, vendor error formats, no database: ADR 0019).
 */
@Module({})
export class AppModule {
  static forRoot(config: SimulatorConfig, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HealthController,
        AdminController,
        ShopifyOrdersController,
        ShopifyWritesController,
        ShopifyRefundsController,
        AmazonAuthController,
        AmazonOrdersController,
        BigCommerceController,
        BigCommerceRefundsController,
        AdobeCommerceController,
        AdobeRefundsController,
        SalesforceAuthController,
        SalesforceController,
        SquareController,
        SquareRefundsController,
        AvailabilityReadsController,
      ],
      providers: [
        { provide: SIMULATOR_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: RANDOM, useValue: Math.random },
        { provide: APP_INTERCEPTOR, useClass: GateInterceptor },
        FaultsService,
        StatsService,
        MetricsService,
        OrderStore,
        CallsStore,
        TokenStore,
        Catalog,
        WebhooksService,
        ChannelOrdersService,
      ],
    };
  }
}
