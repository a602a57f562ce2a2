import { Module } from '@nestjs/common';
import { CreditMemosAdminController, CreditMemosController } from './credit-memos.controller';
import { FinancialsController } from './financials.controller';
import { FinancialsService } from './financials.service';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';
import { SalesOrdersController } from './sales-orders.controller';
import { SalesOrdersService } from './sales-orders.service';
import { TransactionsController } from './transactions.controller';
import { CreditMemosService, TransactionsService } from './transactions.service';

/** The NetSuite-shaped ERP stand-in. */
@Module({
  controllers: [
    SalesOrdersController,
    TransactionsController,
    CreditMemosController,
    CreditMemosAdminController,
    InventoryController,
    FinancialsController,
  ],
  providers: [
    SalesOrdersService,
    TransactionsService,
    CreditMemosService,
    InventoryService,
    FinancialsService,
  ],
})
export class ErpModule {}
