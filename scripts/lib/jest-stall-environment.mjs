// The Jest test environment of every project: Node's, plus a watch on the worker process's main thread.
//
// Why: a CI run once hung for minutes with its Jest worker's main thread blocked in a futex wait. Every Jest timeout
// runs on that thread, so nothing ended the run. Here a thread of its own reads a heartbeat the main thread writes
// every second; once it has not moved for STALL_MS, the thread records the test file it last saw start
// (test-output/jest-stalls/<pid>.json) and kills its process. Jest reports that file as failed and goes on with a
// fresh worker; `npm test` runs the file once more (jest-stalls.mjs). A test that is merely slow is not concerned:
// its awaits let the heartbeat run.
import { mkdirSync } from 'node:fs';
import inspector from 'node:inspector';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TestEnvironment } from 'jest-environment-node';

/** Where the records go: test-output/jest-stalls under the repository, or CERTDESK_JEST_STALL_DIR. */
const STALL_DIR =
  process.env.CERTDESK_JEST_STALL_DIR || join(import.meta.dirname, '..', '..', 'test-output', 'jest-stalls');
/**
 * No test holds the main thread this long: a module graph compiles in seconds, a key pair is made in one. 0: no watch.
 */
const STALL_MS = process.env.CERTDESK_JEST_STALL_MS ? Number(process.env.CERTDESK_JEST_STALL_MS) : 180_000;
const HEARTBEAT_MS = 1_000;

// Runs in the watch's thread (a CommonJS script, as evaluated workers are): it must need nothing of the main
// thread, a lock that thread holds included.
const WATCH_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { beat, stallMs, heartbeatMs, dir } = workerData;
let file = null;
let fileStartedAt = null;
parentPort.on('message', (message) => { file = message.file; fileStartedAt = message.at; });
// A heartbeat seen stale twice, 2 beats apart: after a machine's sleep the two threads wake in either order.
let staleSince = null;
setInterval(() => {
  const blockedMs = Date.now() - Number(Atomics.load(beat, 0));
  if (blockedMs < stallMs) return void (staleSince = null);
  staleSince ??= Date.now();
  if (Date.now() - staleSince < 2 * heartbeatMs) return;
  const record = { file, pid: process.pid, blockedMs, fileStartedAt, killedAt: new Date().toISOString() };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, process.pid + '.json'), JSON.stringify(record));
  } finally {
    process.stderr.write('jest: ' + (file ?? 'a test file') + ' held its worker\\'s main thread ' +
      Math.round(blockedMs / 1000) + ' s: the worker (pid ' + process.pid + ') is killed\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, Math.max(50, Math.min(5_000, Math.floor(stallMs / 4))));
`;

/** The watch of this worker process: one, started with its first test file. */
let watch = null;

function startWatch() {
  const beat = new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
  const tick = () => Atomics.store(beat, 0, BigInt(Date.now()));
  tick();
  // This realm's timers, not the test's: fake timers in a test do not stop the heartbeat.
  setInterval(tick, HEARTBEAT_MS).unref();
  mkdirSync(STALL_DIR, { recursive: true });
  const worker = new Worker(WATCH_SOURCE, {
    eval: true,
    workerData: { beat, stallMs: STALL_MS, heartbeatMs: HEARTBEAT_MS, dir: STALL_DIR },
    // Its own small heap: the worker's is gigabytes by the end of a run.
    resourceLimits: { maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  return worker;
}

/** Off when asked, and under a debugger: a test paused at a breakpoint holds its main thread on purpose. */
function watched() {
  return STALL_MS > 0 && inspector.url() === undefined;
}

export default class StallWatchedEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!watched()) return;
    watch ??= startWatch();
    watch.postMessage({ file: context.testPath, at: new Date().toISOString() });
  }
}
