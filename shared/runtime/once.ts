import { currentInvocation } from '../config/invocation.ts';

/**
 * Builds a dependency on first use and keeps it for the life of the process (a warm Lambda container).
 * Callers mark top-level uses `/* @__PURE__ *\/` so bundles drop the dependencies a function never touches.
 *
 * In the cloud a process runs one function. The local runtime runs them all in one process, so it keeps one
 * value per function (the invocation's name, invocation.ts), as separate containers would: a function then
 * builds its own dependencies from its own declaration, and one that reads a table or queue it does not
 * declare fails locally as it would in the cloud, instead of reusing what another function built.
 */
export function once<T>(build: () => T): () => T {
  const built = new Map<string, T>();
  return () => {
    const key = currentInvocation()?.fn ?? '';
    if (!built.has(key)) built.set(key, build());
    return built.get(key) as T;
  };
}
