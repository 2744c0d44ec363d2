/** Times as GeoReport writes them: W3C date-times. Pure. */

/** W3C date-time in Shanghai time, as the spec's examples carry an offset: `2026-12-10T09:30:00+08:00`. */
export function w3cDateTime(iso: string): string {
  const shanghai = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shanghai.slice(0, 19)}+08:00`;
}

const w3c = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A W3C date-time with its offset (`2026-12-01T00:00:00+08:00`, `…Z`) → Date; anything else → null. */
export function parseW3cDateTime(value: string): Date | null {
  if (!w3c.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
