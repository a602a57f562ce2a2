import { Module } from '@nestjs/common';
import { CustomersController } from './customers.http.controller';
import { EraseCustomerEventsConsumer } from './erase-customer/erase-customer-events.consumer';
import { EraseCustomerHandler } from './erase-customer/erase-customer.handler';
import { ErasureCompletedConsumer } from './erasure-progress/erasure-completed.consumer';
import { GetErasureProgressHandler } from './erasure-progress/get-erasure-progress.handler';
import { CustomerMatching } from './match-customer/customer-matching';
import { MatchCustomerHandler } from './match-customer/match-customer.handler';
import { MatchCustomersBatchHandler } from './match-customers-batch/match-customers-batch.handler';
import { CustomerMatchWrites } from './persistence/customer-match-writes';
import { CustomerEvents } from './persistence/customer-events';
import { CustomerQueries } from './persistence/customer.queries';
import { ErasureCompletionsRepository } from './persistence/erasure-completions.repository';
import { PutCustomerHandler } from './put-customer/put-customer.handler';

@Module({
  controllers: [CustomersController, ErasureCompletedConsumer, EraseCustomerEventsConsumer],
  providers: [
    MatchCustomerHandler,
    MatchCustomersBatchHandler,
    CustomerMatching,
    CustomerMatchWrites,
    EraseCustomerHandler,
    PutCustomerHandler,
    CustomerEvents,
    CustomerQueries,
    ErasureCompletionsRepository,
    GetErasureProgressHandler,
  ],
})
export class CustomersModule {}
