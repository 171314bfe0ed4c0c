import { hostname } from 'node:os';
import type { WorkerOptions } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import type { RedisConnection } from './redis.provider.js';

/** This process among the replicas, as BullMQ records it on each job it takes (`processedBy`): host and pid. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/**
 * The options every api worker shares: the api's Redis connection and queue prefix, this replica's name, and a job
 * lock of WORKER_LOCK_MS, checked as often, so that the job of a replica that died runs again on another within about
 * twice that (BullMQ's stalled-job check).
 */
export function apiWorkerOptions(
  config: AppConfig,
  redis: RedisConnection,
  concurrency: number,
): WorkerOptions {
  return {
    connection: redis.client,
    prefix: config.queuePrefix,
    concurrency,
    name: WORKER_NAME,
    lockDuration: config.workerLockMs,
    stalledInterval: config.workerLockMs,
  };
}

/** The longest a dead replica's job waits before another replica takes it: the lock lapses, then the next check. */
export function stalledJobPickUpMs(config: AppConfig): number {
  return 2 * config.workerLockMs;
}
