// Runs `work` over items with at most `limit` in flight, results in the items' order. A dry run of 1,000 targets
// must not open 6,000 requests at once (AWS throttles, and a Lambda has a few hundred sockets), nor run them one
// by one (at ~100 ms a call that is ten minutes of a fifteen-minute Lambda).
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapBounded: limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
