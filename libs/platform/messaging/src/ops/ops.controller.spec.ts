import type { DlqBulkReplay } from './dlq-bulk-replay';
import type { DlqService } from './dlq.service';
import { InvalidDlqQueryError, NEXT_CURSOR_HEADER, OpsController } from './ops.controller';
import type { ReplayService } from './replay.service';

function controllerWith(nextCursor: number | null) {
  const page = jest.fn(async () => ({ items: [{ id: 9 }], nextCursor }));
  const sut = new OpsController(
    { page } as unknown as DlqService,
    {} as ReplayService,
    {} as DlqBulkReplay,
  );
  const reply = { header: jest.fn() };
  return { sut, page, reply };
}

describe('OpsController.list', () => {
  it('keeps the array body and the old defaults (oldest first, 50)', async () => {
    const { sut, page, reply } = controllerWith(null);
    await expect(sut.list({}, undefined, undefined, undefined, reply)).resolves.toEqual([
      { id: 9 },
    ]);
    expect(page).toHaveBeenCalledWith({
      limit: 50,
      order: 'oldest',
      fromSequence: undefined,
    });
    expect(reply.header).not.toHaveBeenCalled();
  });

  it('passes order, limit and cursor, and returns the next cursor in a header', async () => {
    const { sut, page, reply } = controllerWith(41);
    await sut.list({ stream: 'RETAIL_ORDERS', reason: '' }, '500', 'newest', '120', reply);
    expect(page).toHaveBeenCalledWith({
      stream: 'RETAIL_ORDERS',
      limit: 500,
      order: 'newest',
      fromSequence: 120,
    });
    expect(reply.header).toHaveBeenCalledWith(NEXT_CURSOR_HEADER, '41');
  });

  it.each([
    ['an unknown order', 'latest', undefined],
    ['a cursor below 1', 'newest', '0'],
    ['a cursor that is not an integer', 'oldest', '1.5'],
  ])('refuses %s with 422', async (_what, order, cursor) => {
    const { sut, reply } = controllerWith(null);
    const attempt = sut.list({}, undefined, order, cursor, reply);
    await expect(attempt).rejects.toThrow(InvalidDlqQueryError);
    await expect(attempt).rejects.toMatchObject({ status: 422 });
  });
});
