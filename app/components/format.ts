// Number and time formatting shared by the dashboards.

/** A measure with `digits` decimals, or "n/a" when undefined (null / NaN). */
export function formatMeasure(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(digits);
}

/** An integer with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

/** A share 0..1 as a percentage. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? "n/a"
    : `${(value * 100).toFixed(digits)}%`;
}

/** An ISO-like UTC timestamp, stable between server and client rendering. */
export function formatTime(date: Date | string): string {
  return new Date(date).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** Recharts tooltip values: numbers to at most 3 decimals (raw floats would print 16), the rest as is. */
export function formatTooltipValue(value: unknown): string {
  if (typeof value !== "number") return String(value);
  return Number.isInteger(value) ? formatCount(value) : value.toFixed(3);
}
