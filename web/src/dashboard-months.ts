/** The dashboard's month picker: the months people can choose, named as a Chinese page names them. */

/** `YYYY-MM` of a moment in Shanghai. */
export function shanghaiMonth(date = new Date()): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** `2026-12` → `2026年12月`. */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return `${year}年${number}月`;
}

/** The `count` months ending with `month`, newest first, each with its label. */
export function monthChoices(month: string, count: number): { value: string; label: string }[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => {
    const total = year * 12 + (number - 1) - index;
    const value = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
    return { value, label: monthLabel(value) };
  });
}
