/**
 * Rate-limit windows are fixed and aligned to the epoch (shared/http/rate-limit-policy.ts): every day-long
 * counter starts again at 00:00 UTC. A test that counts requests up to a limit fails if a boundary falls
 * between its requests, so it first waits out a boundary that is closer than the time the test needs.
 */
export async function clearOfWindowEdge(windowSeconds: number, neededMs: number): Promise<void> {
  const windowMs = windowSeconds * 1000;
  await waitOutEdge(windowMs - (Date.now() % windowMs), neededMs);
}

/** Waits until a second past an edge `untilEdge` ms away, if that is closer than `neededMs`. */
async function waitOutEdge(untilEdge: number, neededMs: number): Promise<void> {
  if (untilEdge > neededMs) return;
  // A condition on the clock, not a guess at how long something takes: the next window has begun.
  await new Promise((resolve) => setTimeout(resolve, untilEdge + 1_000));
}

/** How long a test file may wait for a boundary, added to its hook's own time limit. */
export const WINDOW_EDGE_WAIT_MS = 5 * 60_000;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Report months are Shanghai months, taken from the data's dates (a case's month is that of its creation). A
 * test file that names "this month" once and then creates cases would look in the wrong month if the month
 * turned while it ran, so it first waits out a month's end that is closer than the time the file needs.
 */
export async function clearOfShanghaiMonthEdge(neededMs: number): Promise<void> {
  const local = new Date(Date.now() + SHANGHAI_OFFSET_MS);
  const nextMonthLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1);
  await waitOutEdge(nextMonthLocal - SHANGHAI_OFFSET_MS - Date.now(), neededMs);
}

/** What a test file that counts by month may need, start to end, on a loaded machine. */
export const MONTH_FILE_BUDGET_MS = 10 * 60_000;
