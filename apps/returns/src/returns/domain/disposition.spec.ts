import { ITEM_CONDITIONS } from '@retail/contracts';
import { dispositionFor as sut, parsePolicy } from './disposition';

const plain = { sku: 'TSHIRT-1', serialTracked: false };
const serial = { sku: 'PHONE-1', serialTracked: true };
const category = { sku: 'ELEC-KETTLE', serialTracked: false };
const policy = parsePolicy(' ELEC-, ,TOOL-');

describe('dispositionFor', () => {
  it.each([
    ['new', plain, 'resellable'],
    ['new', serial, 'resellable'],
    ['opened', plain, 'resellable'],
    ['opened', serial, 'refurbishable'],
    ['opened', category, 'refurbishable'],
    ['damaged', plain, 'quarantine'],
    ['damaged', serial, 'quarantine'],
    ['defective', plain, 'scrap'],
    ['defective', serial, 'refurbishable'],
    ['defective', category, 'refurbishable'],
  ] as const)('%s %o -> %s', (condition, product, expected) => {
    expect(sut(condition, product, policy)).toBe(expected);
  });

  it('decides something for every condition and product', () => {
    for (const condition of ITEM_CONDITIONS)
      for (const product of [plain, serial, category])
        expect(['resellable', 'refurbishable', 'quarantine', 'scrap']).toContain(
          sut(condition, product, policy),
        );
  });

  it('parses the prefix list', () => {
    expect(policy.refurbishSkuPrefixes).toEqual(['ELEC-', 'TOOL-']);
    expect(parsePolicy(undefined).refurbishSkuPrefixes).toEqual([]);
  });
});
