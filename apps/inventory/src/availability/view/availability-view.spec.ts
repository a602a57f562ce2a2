import type { DataSource } from 'typeorm';
import { toProblem } from '@retail/platform-http';
import { AvailabilityService } from '../availability.service';
import { ChannelLimits } from '../../allocation/channel-limits.service';
import type { LocationDirectory } from '../../locations/location-directory';
import { AvailabilityView } from './availability-view';

const at = (
  sku: string,
  locationId: string,
  onHand: number,
  byChannel?: Record<string, number>,
) => ({
  sku,
  locationId,
  onHand,
  reserved: byChannel ? Object.values(byChannel).reduce((a, b) => a + b, 0) : 0,
  inTransit: 0,
  damaged: 0,
  ...(byChannel ? { byChannel } : {}),
});

/**
 * A view as it is once loaded, without a database: a refresh round is in flight and never
 * ends, so what `written` hands over is what reads see.
 */
function loadedView(): AvailabilityView {
  const view = new AvailabilityView({} as DataSource);
  Object.assign(view, { loaded: true, runner: {}, refreshing: new Promise(() => undefined) });
  return view;
}

describe('AvailabilityView (in memory)', () => {
  it('keeps each SKU’s positions in location order and answers only the SKUs and scope asked', () => {
    const view = loadedView();
    view.written([at('A', 'loc-3', 3), at('A', 'loc-1', 1), at('B', 'loc-2', 2)]);
    view.written([at('A', 'loc-2', 2)]);
    expect(view.positions(['A']).map((p) => p.locationId)).toEqual(['loc-1', 'loc-2', 'loc-3']);
    expect(
      view.positions(['A', 'B', 'A', 'C'], ['loc-2']).map((p) => `${p.sku}@${p.locationId}`),
    ).toEqual(['A@loc-2', 'B@loc-2']);
  });

  it('replaces a position written again and keeps the channel holds a writer did not hand over', () => {
    const view = loadedView();
    view.written([at('A', 'loc-1', 10, { web: 2 })]);
    view.written([{ ...at('A', 'loc-1', 7), reserved: 2 }]);
    expect(view.positions(['A'])).toEqual([
      {
        sku: 'A',
        locationId: 'loc-1',
        onHand: 7,
        reserved: 2,
        inTransit: 0,
        damaged: 0,
        byChannel: { web: 2 },
      },
    ]);
  });

  it('ignores hand-overs while it is not loaded (the rebuild reads them)', () => {
    const view = new AvailabilityView({} as DataSource);
    view.written([at('A', 'loc-1', 10)]);
    expect(view.ready).toBe(false);
    expect(view.positions(['A'])).toEqual([]);
  });
});

describe('AvailabilityService.forSkus', () => {
  const service = (view: AvailabilityView) =>
    new AvailabilityService(
      {} as DataSource,
      new ChannelLimits({} as DataSource, {} as LocationDirectory),
      {} as LocationDirectory,
      view,
    );

  it('answers 503 with Retry-After while the view is not loaded, never reading the database', async () => {
    const error = await service(new AvailabilityView({} as DataSource))
      .forSkus(['A'], 'web')
      .catch((e: unknown) => e);
    expect(toProblem(error)).toMatchObject({ status: 503, retryAfterSeconds: 1 });
    expect(toProblem(error).type).toMatch(/availability-view-rebuilding$/);
  });

  it('computes from the view: every channel’s holds count against the shared pool', async () => {
    const view = loadedView();
    view.written([at('A', 'loc-1', 10, { web: 3, pos: 2 }), at('A', 'loc-2', 4)]);
    expect(await service(view).forSkus(['A', 'Z'], 'web')).toEqual([
      {
        sku: 'A',
        channel: 'web',
        available: 9,
        byLocation: [
          { locationId: 'loc-1', available: 5 },
          { locationId: 'loc-2', available: 4 },
        ],
      },
      { sku: 'Z', channel: 'web', available: 0, byLocation: [] },
    ]);
  });
});
