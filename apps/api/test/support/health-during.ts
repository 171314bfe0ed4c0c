import type { TestApp } from './test-app.js';

/**
 * Health checks sent one after another while `work` runs, as another user of the api would: how long each took (ms)
 * while it ran, and what `work` answered.
 */
export async function healthLatenciesDuring<T>(
  t: TestApp,
  work: PromiseLike<T>,
): Promise<{ result: T; latencies: number[] }> {
  let running = true;
  const done = Promise.resolve(work).finally(() => {
    running = false;
  });
  const latencies: number[] = [];
  while (running) {
    const sent = performance.now();
    await t.http().get('/health').expect(200);
    if (running) latencies.push(performance.now() - sent);
  }
  return { result: await done, latencies };
}
