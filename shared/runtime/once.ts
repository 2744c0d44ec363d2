/**
 * Builds a dependency on first use and keeps it for the life of the process (a warm Lambda container).
 * Callers mark top-level uses `/* @__PURE__ *\/` so bundles drop the dependencies a function never touches.
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
