/**
 * Runs `work` on every item with at most `window` of them in flight, and answers the results in the items' order.
 * The first failure stops new items from starting; the ones in flight finish (nothing is left running unawaited),
 * then that failure is thrown.
 */
export async function inOrderWithWindow<T, R>(
  items: readonly T[],
  window: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { error: unknown } | null = null;
  const lane = async () => {
    while (failed === null && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(window, items.length)) }, lane));
  if (failed !== null) throw (failed as { error: unknown }).error;
  return results;
}
