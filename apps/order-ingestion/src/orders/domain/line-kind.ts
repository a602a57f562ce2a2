/**
 * A line's kind. The canonical contract is gaining `kind?: 'stock' | 'non_stock'` and `title?`
 * (a non-stock line, e.g. gift wrap or a service, may have no SKU); read them defensively so this
 * code works before and after that field lands.
 */
export type LineKind = 'stock' | 'non_stock';

export function lineKind(line: object): LineKind {
  return (line as { kind?: unknown }).kind === 'non_stock' ? 'non_stock' : 'stock';
}

export function lineTitle(line: object): string | undefined {
  const title = (line as { title?: unknown }).title;
  return typeof title === 'string' ? title : undefined;
}
