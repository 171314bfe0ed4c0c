import { fileURLToPath } from 'node:url';

/**
 * A piscina pool's `filename` and `workerData` for threads that run the default export of the ES module `moduleUrl`
 * (`new URL('./x.worker.mjs', import.meta.url)`): through esm-worker-thread.cjs, which loads it with import() alone
 * (piscina's own require() of an ES module aborted Node 20 now and then).
 */
export function esmWorker(moduleUrl: URL): { filename: string; workerData: { module: string } } {
  return {
    filename: fileURLToPath(new URL('./esm-worker-thread.cjs', import.meta.url)),
    workerData: { module: moduleUrl.href },
  };
}
