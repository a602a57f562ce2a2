import { NonRetryableError, Ok, Skipped } from '@retail/platform-messaging';
import type { CloudEvent } from '@retail/contracts';
import type { ReadModelStore } from '../persistence/readmodel.store';
import type { MasterDataReadModel } from '../read-model.service';
import { READMODEL_BINDINGS, ReadModelConsumer } from './readmodel.consumers';

const productBinding = READMODEL_BINDINGS.find((b) => b.entity === 'product')!;
const event = (data: object) => ({ data }) as CloudEvent<object>;
const valid = {
  sku: 'SKU-1',
  product: {
    name: 'P',
    erpItemId: 'I-1',
    status: 'active',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: 0,
    version: 1,
  },
  changedAt: '2026-11-19T18:00:00Z',
  addedInV1dot2: 'tolerated',
};

describe('ReadModelConsumer', () => {
  const setup = (applied: boolean) => {
    const store = { applyProduct: jest.fn().mockResolvedValue(applied) };
    const readModel = { notify: jest.fn() };
    const sut = new ReadModelConsumer(
      productBinding,
      store as unknown as ReadModelStore,
      readModel as unknown as MasterDataReadModel,
    );
    return { sut, store, readModel };
  };

  it('applies a newer version and tells listeners', async () => {
    const { sut, readModel } = setup(true);
    await expect(sut.handle(event(valid))).resolves.toBe(Ok);
    expect(readModel.notify).toHaveBeenCalledWith({ entity: 'product', key: 'SKU-1' });
  });

  it('skips an older version silently', async () => {
    const { sut, readModel } = setup(false);
    await expect(sut.handle(event(valid))).resolves.toBe(Skipped);
    expect(readModel.notify).not.toHaveBeenCalled();
  });

  it('dead-letters an invalid payload at once without storing it', async () => {
    const { sut, store } = setup(true);
    const bad = { ...valid, product: { ...valid.product, version: -1 } };
    await expect(sut.handle(event(bad))).rejects.toBeInstanceOf(NonRetryableError);
    expect(store.applyProduct).not.toHaveBeenCalled();
  });
});
