import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpCode,
  Inject,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { createHash } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, of } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import stringify from 'safe-stable-stringify';
import { Principal, principalId } from '../auth';
import { ProblemException } from '../problem';
import { IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');
export interface IdempotencyOptions {
  /** How long a concurrent duplicate waits for the first request before answering 409. */
  inFlightWaitMs: number;
  /** After this, an in-flight claim whose owner crashed can be taken over. */
  leaseMs: number;
}

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, if any; a malformed one is a 400. */
export function readIdempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  // RFC 8941 sf-string form ("abc") and the bare form (abc) are both accepted.
  const key = String(raw)
    .trim()
    .replace(/^"(.*)"$/, '$1');
  if (!KEY_FORMAT.test(key)) {
    throw new ProblemException(
      400,
      'invalid-idempotency-key',
      'Idempotency-Key must be 1-255 visible ASCII characters',
    );
  }
  return key;
}

/** What a replay must match: method, route, URL and body (stable JSON). */
export function requestFingerprint(request: FastifyRequest): string {
  const route = request.routeOptions?.url ?? request.url;
  return createHash('sha256')
    .update(`${request.method} ${route} ${request.url}\n${stringify(request.body ?? null)}`)
    .digest('hex');
}

/** 422: the key was used with a different request. */
export const idempotencyKeyReused = () =>
  new ProblemException(
    422,
    'idempotency-key-reused',
    'This Idempotency-Key was used with a different request',
  );

/** 409: a request with the key is still running past the wait. */
export const idempotencyKeyInFlight = () =>
  new ProblemException(
    409,
    'idempotency-key-in-flight',
    'A request with this Idempotency-Key is still being processed',
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Same key + same body: the first response is replayed with `idempotent-replayed: true`.
 * Same key + different body: 422. A concurrent duplicate waits (bounded) for the first one to
 * finish and then replays it; past the wait it is told 409, as the contract says.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = readIdempotencyKey(request);
    if (!key) return next.handle();
    const claim = {
      principal: principalId(request.principal ?? { kind: 'admin' }),
      key,
      fingerprint: requestFingerprint(request),
      leaseMs: this.options.leaseMs,
    };
    return from(this.acquire(claim)).pipe(
      mergeMap((outcome) => {
        if (outcome.kind === 'replay') {
          void reply.header('idempotent-replayed', 'true');
          return of(outcome.body);
        }
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.store.complete(claim.principal, key, reply.statusCode, body);
            return body;
          }),
          catchError(async (err) => {
            await this.store.release(claim.principal, key);
            throw err;
          }),
        );
      }),
    );
  }

  private async acquire(claim: Parameters<IdempotencyStore['claim']>[0]) {
    const deadline = Date.now() + this.options.inFlightWaitMs;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const outcome = await this.store.claim(claim);
      if (outcome.kind === 'mismatch') {
        throw idempotencyKeyReused();
      }
      if (outcome.kind !== 'in_flight') return outcome;
      if (Date.now() >= deadline) {
        throw idempotencyKeyInFlight();
      }
      await sleep(delay);
    }
  }
}

/**
 * Marks a creating POST as idempotent under `Idempotency-Key`, with the fixed success status
 * the first response and every replay share; `type` (a contract class) is what it answers.
 */
export function Idempotent(status = 201, type?: Function) {
  return applyDecorators(
    IdempotentInHandler(status, type),
    UseInterceptors(IdempotencyInterceptor),
  );
}

/**
 * The same contract as {@link Idempotent} for a route whose handler honours the key itself,
 * inside its own transaction (`IdempotencyStore.claimIn` / `settleIn`, same table, same
 * fingerprint, so both paths replay each other's answers).
 */
export function IdempotentInHandler(status = 201, type?: Function) {
  return applyDecorators(
    HttpCode(status),
    ...(type
      ? [ApiResponse({ status, type, description: 'The result (a replay answers the same)' })]
      : []),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Replays the first response for 24 h at least',
    }),
  );
}
