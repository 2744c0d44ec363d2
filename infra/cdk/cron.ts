/**
 * Five-field cron (the topology's `min hour day-of-month month day-of-week`, as the local scheduler runs it)
 * ⇄ EventBridge Scheduler's six-field `cron(min hour day-of-month month day-of-week year)`.
 *
 * EventBridge differs from Unix cron in ways that matter:
 * - exactly one of day-of-month / day-of-week must be `?`; Unix ORs the two when both are restricted, which
 *   EventBridge cannot express, so that is refused rather than silently changed;
 * - day-of-week numbers are 1–7 from Sunday (Unix: 0–7, 0 and 7 both Sunday), so numbers become names
 *   (`1-5` → `MON-FRI`), which read the same in both dialects;
 * - steps are documented from an explicit start (`0/5`), so `*\/n` becomes `0/n` (minute, hour) or `1/n`
 *   (day-of-month, month); day-of-week has no steps in EventBridge, and range steps (`10-40/10`) are
 *   expanded to lists.
 *
 * `fromEventBridgeCron` undoes exactly these rewrites, so `fromEventBridgeCron(toEventBridgeCron(c)) === c`
 * for every cron in canonical form (numbers without leading zeros, upper-case day names, no range steps).
 */

export class CronConversionError extends Error {
  override readonly name = 'CronConversionError';
}

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** First value of the field: what `*` steps from. */
  readonly stepStart: number;
}

const minute: FieldSpec = { label: 'minute', min: 0, max: 59, stepStart: 0 };
const hour: FieldSpec = { label: 'hour', min: 0, max: 23, stepStart: 0 };
const dayOfMonth: FieldSpec = { label: 'day-of-month', min: 1, max: 31, stepStart: 1 };
const month: FieldSpec = { label: 'month', min: 1, max: 12, stepStart: 1 };

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function fail(cron: string, message: string): never {
  throw new CronConversionError(`cron "${cron}": ${message}`);
}

function parseNumber(cron: string, spec: FieldSpec, text: string): number {
  if (!/^\d+$/.test(text)) fail(cron, `${spec.label} value "${text}" is not a number`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    fail(cron, `${spec.label} value ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

/** Minute, hour, day-of-month, month: the same syntax in both dialects except for steps. */
function convertNumericField(
  cron: string,
  spec: FieldSpec,
  field: string,
  names?: readonly string[],
): string {
  const isValue = (text: string) =>
    names?.includes(text.toUpperCase()) ? text.toUpperCase() : String(parseNumber(cron, spec, text));
  return field
    .split(',')
    .map((item) => {
      if (item === '') fail(cron, `empty item in ${spec.label} "${field}"`);
      if (item === '*') return item;
      const [base = '', step, ...rest] = item.split('/');
      if (rest.length > 0) fail(cron, `malformed step "${item}" in ${spec.label}`);
      if (step === undefined) {
        const [from = '', to, ...more] = base.split('-');
        if (more.length > 0) fail(cron, `malformed range "${item}" in ${spec.label}`);
        return to === undefined ? isValue(from) : `${isValue(from)}-${isValue(to)}`;
      }
      const increment = Number(step);
      if (!/^\d+$/.test(step) || increment < 1) fail(cron, `step "${step}" in ${spec.label} must be ≥ 1`);
      if (base === '*') return `${spec.stepStart}/${increment}`;
      const [fromText = '', toText, ...more] = base.split('-');
      if (toText === undefined || more.length > 0) {
        fail(cron, `step "${item}" in ${spec.label} must start from * or a range (a-b/n)`);
      }
      const from = parseNumber(cron, spec, fromText);
      const to = parseNumber(cron, spec, toText);
      if (from > to) fail(cron, `range "${base}" in ${spec.label} runs backwards`);
      const values: number[] = [];
      for (let value = from; value <= to; value += increment) values.push(value);
      return values.join(',');
    })
    .join(',');
}

/** A day-of-week value as 0-7 (0 and 7 are Sunday); names are 0-6. */
function dayNumber(cron: string, text: string): number {
  const named = dayNames.indexOf(text.toUpperCase());
  if (named >= 0) return named;
  if (!/^\d+$/.test(text) || Number(text) > 7)
    fail(cron, `day-of-week value "${text}" is not 0-7 or SUN-SAT`);
  return Number(text);
}

/** Sorted days (0-6) as names, consecutive runs as ranges: [0, 5, 6] → `SUN,FRI-SAT`. */
function renderDays(days: readonly number[]): string {
  const parts: string[] = [];
  for (let index = 0; index < days.length; ) {
    let end = index;
    while (end + 1 < days.length && (days[end + 1] as number) === (days[end] as number) + 1) end++;
    const first = dayNames[days[index] as number];
    parts.push(end === index ? `${first}` : `${first}-${dayNames[days[end] as number]}`);
    index = end + 1;
  }
  return parts.join(',');
}

/** Day-of-week as names, item by item; a numeric range reaching 7 (Sunday) wraps: `5-7` → `SUN,FRI-SAT`. */
function convertDayOfWeek(cron: string, field: string): string {
  return field
    .split(',')
    .map((item) => {
      if (item.includes('/')) fail(cron, `steps in day-of-week ("${item}") are not supported by EventBridge`);
      if (item === '' || item === '*') fail(cron, `malformed day-of-week "${field}"`);
      const [fromText = '', toText, ...more] = item.split('-');
      if (more.length > 0) fail(cron, `malformed range "${item}" in day-of-week`);
      const from = dayNumber(cron, fromText);
      const to = toText === undefined ? from : dayNumber(cron, toText);
      if (from > to) fail(cron, `range "${item}" in day-of-week runs backwards`);
      const days = new Set<number>();
      for (let day = from; day <= to; day++) days.add(day % 7);
      return renderDays([...days].sort((a, b) => a - b));
    })
    .join(',');
}

/** `0 18 * * MON-FRI` → `cron(0 18 ? * MON-FRI *)`. Throws `CronConversionError` on what it cannot map. */
export function toEventBridgeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) fail(cron, `expected 5 fields (minute hour day-of-month month day-of-week)`);
  const [min, hr, dom, mon, dow] = fields as [string, string, string, string, string];
  if (dom !== '*' && dow !== '*') {
    fail(
      cron,
      'both day-of-month and day-of-week are restricted; Unix cron ORs them, EventBridge cannot: use two schedules',
    );
  }
  const dayOfMonthField = dow === '*' ? convertNumericField(cron, dayOfMonth, dom) : '?';
  const dayOfWeekField = dow === '*' ? '?' : convertDayOfWeek(cron, dow);
  return `cron(${[
    convertNumericField(cron, minute, min),
    convertNumericField(cron, hour, hr),
    dayOfMonthField,
    convertNumericField(cron, month, mon, monthNames),
    dayOfWeekField,
    '*',
  ].join(' ')})`;
}

/** The inverse of `toEventBridgeCron` for the expressions it produces (`cron(0/5 * * * ? *)` → `*\/5 * * * *`). */
export function fromEventBridgeCron(expression: string): string {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) throw new CronConversionError(`"${expression}" is not a cron(...) expression`);
  const fields = (match[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) throw new CronConversionError(`"${expression}" does not have 6 fields`);
  const [min, hr, dom, mon, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new CronConversionError(`"${expression}" restricts the year`);
  const unstep = (field: string, start: number) =>
    field
      .split(',')
      .map((item) => (item.startsWith(`${start}/`) ? `*/${item.slice(String(start).length + 1)}` : item))
      .join(',');
  const any = (field: string) => (field === '?' ? '*' : field);
  return [unstep(min, 0), unstep(hr, 0), any(unstep(dom, 1)), unstep(mon, 1), any(dow)].join(' ');
}
