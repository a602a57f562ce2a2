import { Module } from '@nestjs/common';
import { FinancialsController } from './financials.controller';
import { FinancialsService } from './financials.service';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';
import { SalesOrdersController } from './sales-orders.controller';
import { SalesOrdersService } from './sales-orders.service';
import { TransactionsController } from './transactions.controller';
import { TransactionsService } from './transactions.service';

/** The NetSuite-shaped ERP stand-in. */
@Module({
  controllers: [
    SalesOrdersController,
    TransactionsController,
    InventoryController,
    FinancialsController,
  ],
  providers: [SalesOrdersService, TransactionsService, InventoryService, FinancialsService],
})
export class ErpModule {}
