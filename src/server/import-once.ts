/**
 * A lazy import that runs once per process: later calls share its promise, so a module asked for
 * on every send or dispatch batch costs its import once. A failed import is forgotten, so the next
 * call tries again.
 */
export function importOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
