import { Module } from '@nestjs/common';
import { CustomersController } from './customers.http.controller';
import { EraseCustomerHandler } from './erase-customer/erase-customer.handler';
import { MatchCustomerHandler } from './match-customer/match-customer.handler';
import { CustomerEvents } from './persistence/customer-events';
import { CustomerQueries } from './persistence/customer.queries';
import { PutCustomerHandler } from './put-customer/put-customer.handler';

@Module({
  controllers: [CustomersController],
  providers: [
    MatchCustomerHandler,
    EraseCustomerHandler,
    PutCustomerHandler,
    CustomerEvents,
    CustomerQueries,
  ],
})
export class CustomersModule {}
