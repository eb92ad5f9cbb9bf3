/** Whether RFC 3339 time `a` is before `b`, as instants (fraction digits vary, so the strings do not sort); undefined is never earlier. */
export function isEarlier(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(ta) || Number.isNaN(tb) ? a < b : ta < tb;
}

/** Whether `a` is after `b`; a defined time is later than an undefined one. */
export function isLater(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  return isEarlier(b, a);
}
