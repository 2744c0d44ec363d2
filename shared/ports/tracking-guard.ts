/**
 * Wrong answers per tracking code (DESIGN: no brute force of the phone's last four digits). Counted per code
 * string, whether or not a case has that code, so a lock says nothing about which codes exist.
 */
export interface TrackingGuard {
  /** Wrong answers still counting (the window starts at the first one and lasts `windowSeconds`). */
  failures(code: string, now: Date): Promise<number>;
  /** Counts one wrong answer and returns the new count. */
  recordFailure(code: string, now: Date): Promise<number>;
  /** Lifts the lock (the petitioner followed the unlock link). */
  clear(code: string): Promise<void>;
}
