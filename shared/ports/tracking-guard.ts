/**
 * Wrong answers per tracking code (DESIGN: no brute force of the phone's last four digits). Counted per code
 * string, whether or not a case has that code, so a lock says nothing about which codes exist.
 */
export interface TrackingWindow {
  /** Wrong answers still counting (the window starts at the first one and lasts 24 hours). */
  readonly failures: number;
  /** The window's random id, set with its first wrong answer ('' when there is none): unlock codes are bound to it. */
  readonly window: string;
}

export interface TrackingGuard {
  /** The code's window as it stands (no failures and no id once it has ended). */
  window(code: string, now: Date): Promise<TrackingWindow>;
  /** Counts one wrong answer and returns the window with the new count. */
  recordFailure(code: string, now: Date): Promise<TrackingWindow>;
  /**
   * Counts one try at the unlock code of `window`, atomically and before the code is compared: true while the
   * window is still that one and fewer than `max` tries were made, so parallel guesses cannot pass the cap.
   */
  takeUnlockAttempt(code: string, window: string, max: number, now: Date): Promise<boolean>;
  /** Lifts the lock (the petitioner followed the unlock link or typed the unlock code). */
  clear(code: string): Promise<void>;
}
