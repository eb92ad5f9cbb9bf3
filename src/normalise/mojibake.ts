// Interface placeholder: the repair rules land in this file; callers depend only on `repairText` and `repairValue`.

/** Repairs UTF-8 that was decoded as Windows-1252/Latin-1 when unambiguous; strips control characters. */
export function repairText(text: string): string {
  return text;
}

/** Applies `repairText` to every string (and key) inside a JSON-like value. */
export function repairValue(value: unknown): unknown {
  return value;
}
