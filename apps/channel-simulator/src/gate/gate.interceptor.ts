import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Observable, defer, map, mergeMap, of } from 'rxjs';
import { vendorError } from '../common/vendor-errors';
import { SimulatorConfig } from '../config/env';
import { RANDOM, SIMULATOR_CONFIG } from '../config/tokens';
import { limiterFor } from '../limits/vendor-limits';
import { costExtension, withCost } from './query-cost';
import { TokenStore } from '../store/token.store';
import { UNAUTHORIZED_MESSAGES, isAuthenticated } from './authenticate';
import { CHANNEL_OPERATION, OperationMeta } from './channel-operation.decorator';
import { latencyFor } from './fault-config';
import { FaultsService } from './faults.service';
import { limitHeaders } from './limit-headers';
import { StatsService } from './stats.service';

/** The operation a request was routed to, for the response hook's counters. */
export const OPERATION_KEY = Symbol('channelOperation');
export type GatedRequest = FastifyRequest & { [OPERATION_KEY]?: OperationMeta };

/**
 * Every vendor route passes here, in this order: count -> down (503) -> credentials (401) ->
 * throttle fault (429) -> the vendor's own limit (429 with its headers; headers on success too)
 * -> latency -> errorRate (500) -> handler. Errors are rendered in the vendor's format.
 */
@Injectable()
export class GateInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly faults: FaultsService,
    private readonly stats: StatsService,
    private readonly tokens: TokenStore,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(RANDOM) private readonly random: () => number,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<OperationMeta | undefined>(
      CHANNEL_OPERATION,
      context.getHandler(),
    );
    if (!meta) return next.handle();
    const request = context.switchToHttp().getRequest<GatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    request[OPERATION_KEY] = meta;
    this.stats.request(meta.channel, meta.operation);
    if (meta.channel === 'amazon') void reply.header('x-amzn-requestid', randomUUID());
    return defer(() => this.admit(meta, request, reply)).pipe(
      mergeMap((admitted) =>
        admitted.answer !== undefined
          ? of(admitted.answer)
          : next.handle().pipe(map((body) => withCost(body, admitted.cost))),
      ),
    );
  }

  /**
   * Throws the vendor's error, or admits: `answer` is the whole answer when a cost-limited
   * operation is over its limit (Shopify answers THROTTLED with 200); `cost` goes into the
   * answer's `extensions` (Shopify's throttle status on every GraphQL answer).
   */
  private async admit(
    meta: OperationMeta,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ answer?: unknown; cost?: Record<string, unknown> }> {
    const { channel, operation } = meta;
    const faults = this.faults.settings(channel);
    const fail = (outcome: Parameters<StatsService['outcome']>[2], error: Error) => {
      this.stats.outcome(channel, operation, outcome);
      throw error;
    };
    if (faults.mode === 'down') {
      fail(
        'down',
        vendorError(channel, 'unavailable', 'Service Unavailable', request.url, {
          'retry-after': '5',
        }),
      );
    }
    if (
      meta.authenticated &&
      !isAuthenticated(channel, request, this.config.credentials, this.tokens)
    ) {
      fail(
        'unauthorized',
        vendorError(channel, 'unauthorized', UNAUTHORIZED_MESSAGES[channel], request.url),
      );
    }
    if (faults.mode === 'throttle') {
      fail(
        'throttled',
        vendorError(channel, 'rate_limited', tooMany(channel), request.url, { 'retry-after': '1' }),
      );
    }
    const name = limiterFor(channel, operation);
    const requested = meta.cost ? meta.cost(request.body) : 1;
    const decision = this.faults.take(channel, name, requested);
    const spec = this.faults.spec(channel, name);
    let cost: Record<string, unknown> | undefined;
    if (decision && spec && meta.cost) {
      cost = costExtension(requested, spec, decision);
      if (!decision.allowed) {
        this.stats.outcome(channel, operation, 'rateLimited');
        return { answer: { errors: [throttled()], extensions: { cost } } };
      }
    } else if (decision && spec) {
      const headers = limitHeaders(channel, spec, decision);
      if (!decision.allowed)
        fail(
          'rateLimited',
          vendorError(channel, 'rate_limited', tooMany(channel), request.url, headers),
        );
      void reply.headers(headers);
    }
    const latency = latencyFor(faults);
    if (latency > 0) await sleep(latency);
    if (faults.errorRate > 0 && this.random() < faults.errorRate) {
      fail(
        'injectedErrors',
        vendorError(channel, 'internal', 'Internal Server Error (injected)', request.url),
      );
    }
    return { cost };
  }
}

/** Shopify GraphQL's answer to a query over the cost limit (HTTP 200). */
function throttled() {
  return {
    message: 'Throttled',
    extensions: {
      code: 'THROTTLED',
      documentation: 'https://shopify.dev/api/usage/rate-limits',
    },
  };
}

function tooMany(channel: OperationMeta['channel']): string {
  switch (channel) {
    case 'shopify':
      return 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.';
    case 'amazon':
      return 'You exceeded your quota for the requested resource.';
    case 'bigcommerce':
      return 'Too many requests';
    case 'adobe-commerce':
      return 'Too many requests';
    case 'salesforce-commerce':
      return 'The request quota was exceeded.';
    case 'square':
      return 'This request was rate limited. Please retry later.';
  }
}
