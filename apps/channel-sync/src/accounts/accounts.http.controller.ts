import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@retail/platform-http';
import { ChannelClients } from '../channels/channel-clients';
import { ACCOUNTS_SCHEMA } from '../common/response-schemas';
import { RateLimitStore } from '../channels/persistence/rate-limit.store';
import { OUTBOUND_KINDS } from '../outbound/domain/outbound-kinds';
import { OutboundAvailabilityStore } from '../outbound/persistence/outbound-availability.store';
import { OutboundQueue } from '../outbound/persistence/outbound-queue';
import { DataSource } from 'typeorm';
import { AccountStateStore } from './persistence/account-state.store';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

@ApiTags('channels')
@Controller('channels')
@Scopes('admin')
export class AccountsHttpController {
  constructor(
    private readonly clients: ChannelClients,
    private readonly accounts: AccountStateStore,
    private readonly limits: RateLimitStore,
    private readonly db: DataSource,
    private readonly queue: OutboundQueue,
    private readonly availability: OutboundAvailabilityStore,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Per channel account: inbound mode, cursor, pull lag, outbound queue depth and oldest pending push per kind, last error, rate-limit state (scope: admin)',
  })
  @ApiOkResponse({ schema: ACCOUNTS_SCHEMA })
  async list() {
    const [states, buckets, pushes, availability] = await Promise.all([
      this.accounts.list(),
      this.limits.list(),
      this.queue.depth(this.db),
      this.availability.depth(this.db),
    ]);
    const now = Date.now();
    return {
      items: this.clients.all().map(({ account }) => {
        const s = states.find((x) => x.account === account.channel);
        return {
          channel: account.channel,
          account: account.channel,
          inboundMode: account.inboundMode,
          baseUrl: account.baseUrl,
          pullIntervalSeconds: account.pullIntervalMs / 1000,
          cursor: iso(s?.cursorAt),
          pullLagSeconds: s?.cursorAt ? Math.max(0, (now - s.cursorAt.getTime()) / 1000) : null,
          windowInProgress: s?.windowStart
            ? { since: iso(s.windowStart), until: iso(s.windowEnd), pageToken: s.pageToken }
            : null,
          lastPullStartedAt: iso(s?.lastPullStartedAt),
          lastPullSucceededAt: iso(s?.lastPullSucceededAt),
          lastError: s?.lastError ? { message: s.lastError, at: iso(s.lastErrorAt) } : null,
          lastReconcile: s?.lastReconcile ?? null,
          outbound: Object.fromEntries(
            OUTBOUND_KINDS.map((kind) => {
              if (kind === 'availability') {
                const a = availability.find((x) => x.account === account.channel);
                return [
                  kind,
                  {
                    depth: a?.pending ?? 0,
                    oldestPendingAt: iso(a?.oldest),
                    deadLettered: a?.refused ?? 0,
                  },
                ];
              }
              const p = pushes.find((x) => x.account === account.channel && x.kind === kind);
              return [
                kind,
                {
                  depth: p?.pending ?? 0,
                  oldestPendingAt: iso(p?.oldest),
                  deadLettered: p?.dead ?? 0,
                },
              ];
            }),
          ),
          rateLimits: buckets
            .filter((b) => b.account === account.channel)
            .map((b) => ({
              bucket: b.bucket,
              ratePerSecond: b.ratePerSecond,
              burst: b.capacity,
              tokens: Math.floor(b.tokens * 100) / 100,
              blockedUntil: b.blockedUntil.getTime() > now ? iso(b.blockedUntil) : null,
              throttled: b.throttledTotal,
            })),
        };
      }),
    };
  }
}
