// Channel-native order mapping: pure adapters (signature check + payload -> canonical order).
export * from './channel-adapter';
export { toCanonicalOrder } from './canonical-parts';
export { currencyExponent, formatMinor, MoneyFormatError, toMinorUnits } from './money';
export { allocateProportionally, splitTotalOverUnits } from './allocation';
