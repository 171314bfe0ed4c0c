'use strict';
// The file every piscina pool of the api starts its threads on (esm-worker-door.ts: esmWorker). piscina loads a
// thread's task module with require() first, and for an ES module that is Node's require(esm): on Node 20 it aborted
// the whole process, CI's Jest and the api with it, when it met a module graph that a load in progress had not yet
// instantiated (v8 IsGraphAsync). This CommonJS file is required instead, and loads the pool's ES module (workerData.module, a
// file URL) with import() alone, once per thread; each task goes to that module's default export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { workerData } = require('node:worker_threads');

let loaded;

module.exports = async function runTask(task) {
  loaded ??= import(workerData.module);
  return (await loaded).default(task);
};
