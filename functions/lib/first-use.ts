/**
 * Something loaded on first use (an `import()` of an SDK client, a chunk, a route
 * group) and kept for the process's life: `load` runs on the first call, every later
 * call gets the same promise, and a failed load is not kept: the next call tries
 * again (a chunk or SDK import that failed once must not fail the Lambda until it is
 * recycled). The one copy of this for functions/ (lazy groups, the S3, KMS and
 * Secrets Manager clients, the notices' Markdown renderer).
 */
export function firstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
