import type { TestApp } from './test-app.js';

/**
 * `step` run again and again, each after the one before, while `work` runs: what `work` answered, and what each step
 * that ended while it still ran answered.
 */
export async function repeatWhile<T, S>(
  work: PromiseLike<T>,
  step: () => Promise<S>,
): Promise<{ result: T; steps: S[] }> {
  let running = true;
  const done = Promise.resolve(work).finally(() => {
    running = false;
  });
  const steps: S[] = [];
  while (running) {
    const answer = await step();
    if (running) steps.push(answer);
  }
  return { result: await done, steps };
}

/**
 * Health checks sent one after another while `work` runs, as another user of the api would: how long each took (ms)
 * while it ran, and what `work` answered.
 */
export async function healthLatenciesDuring<T>(
  t: TestApp,
  work: PromiseLike<T>,
): Promise<{ result: T; latencies: number[] }> {
  const { result, steps } = await repeatWhile(work, async () => {
    const sent = performance.now();
    await t.http().get('/health').expect(200);
    return performance.now() - sent;
  });
  return { result, latencies: steps };
}
