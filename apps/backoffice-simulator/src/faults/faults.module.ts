import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { FaultInterceptor } from './fault.interceptor';
import { FaultsService, RANDOM } from './faults.service';

@Global()
@Module({
  providers: [
    FaultsService,
    { provide: RANDOM, useValue: Math.random },
    { provide: APP_INTERCEPTOR, useClass: FaultInterceptor },
  ],
  exports: [FaultsService],
})
export class FaultsModule {}
