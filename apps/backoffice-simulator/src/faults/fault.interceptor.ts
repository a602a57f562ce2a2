import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, defer, finalize, mergeMap, tap } from 'rxjs';
import { SimulatedSystem } from './fault-config';
import { FaultsService } from './faults.service';
import { SIMULATED_SYSTEM } from './simulated-system.decorator';

/** Puts every route of a `@Simulates(...)` controller through {@link FaultsService}. */
@Injectable()
export class FaultInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: FaultsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const system = this.reflector.getAllAndOverride<SimulatedSystem | undefined>(SIMULATED_SYSTEM, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!system) return next.handle();
    // Counted here, synchronously, so concurrent requests are seen exactly.
    const admission = this.faults.enter(system);
    return defer(() => this.faults.beforeHandler(admission)).pipe(
      mergeMap(() => next.handle()),
      tap(() => this.faults.afterCommit(admission)),
      finalize(() => this.faults.leave(admission)),
    );
  }
}
