// Test-only helper (not exported from the library) for the compiled contracts' property tests.

/** In `values`: the edit removes the field instead of setting it. */
export const DELETE_FIELD = Symbol('delete field');

/**
 * A copy of `base` with each edit applied: `[keyPick, valuePick]` sets `keys[keyPick]` (modulo its
 * length) to `values[valuePick]`, or deletes it when that value is {@link DELETE_FIELD}.
 */
export function mutateFields(
  base: Record<string, unknown>,
  keys: string[],
  values: unknown[],
  edits: Array<[number, number]>,
): Record<string, unknown> {
  const out = structuredClone(base);
  for (const [keyPick, valuePick] of edits) {
    const key = keys[keyPick % keys.length];
    const value = values[valuePick % values.length];
    if (value === DELETE_FIELD) delete out[key];
    else out[key] = value;
  }
  return out;
}
