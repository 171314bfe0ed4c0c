import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type Job, Queue, WaitingError, Worker } from 'bullmq';
import {
  AUDIT_VERIFICATION_JOB_NAME,
  AUDIT_VERIFICATION_QUEUE,
  type AuditVerificationJob,
  type AuditVerificationProgress,
} from '@certdesk/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisLeases } from '../redis/redis-lease.js';
import { RedisConnection } from '../redis/redis.provider.js';
import { apiWorkerOptions, stalledJobPickUpMs } from '../redis/worker-options.js';
import { whileRedisAnswers } from '../reminders/reminder-queues.js';
import {
  AuditVerification,
  isRequestHolder,
  VERIFICATION_LEASE_MS,
  verificationLeaseKey,
  type VerificationScope,
} from './audit-verification.js';
import type { ChainVerificationDto } from './audit.dto.js';

/**
 * A queued verification holds its log-in's lease this long, renewed at each read of it while it waits, until a worker
 * takes it over (and renews it): unfollowed past it, the log-in may queue a second.
 */
export const QUEUED_LEASE_MS = 2 * 60_000;
/**
 * A hold naming a job that does not exist, this long after it was taken, is one whose replica died between taking it
 * and queueing the job (which the replica gives up on within QUEUE_TIMEOUT_MS, freeing it): it is freed. Younger, it
 * may be a live replica's, about to queue its job.
 */
const UNQUEUED_HOLD_MS = 15_000;
/** A finished verification, its result included, is kept this long for the log-in that asked. */
const KEPT_SECONDS = 24 * 60 * 60;
/**
 * A running verification renews its log-in's lease; if its replica dies, the lease must outlast the time another
 * replica takes to find the job stalled and take it (which keeps the lease under the same job), or the log-in could
 * queue a second verification meanwhile.
 */
function runningLeaseMs(config: AppConfig): number {
  return Math.max(VERIFICATION_LEASE_MS, stalledJobPickUpMs(config) + 10_000);
}
/** Progress is written to Redis at most this often: a page of events is read every few milliseconds. */
const PROGRESS_EVERY_MS = 500;
const REDIS_AWAY = 'Redis, where verifications are queued, does not answer: try again in a moment';

export type AuditVerificationStatus = 'queued' | 'running' | 'done' | 'failed';

export interface AuditVerificationView {
  id: string;
  status: AuditVerificationStatus;
  organisationId: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: AuditVerificationProgress | null;
  chains: ChainVerificationDto[] | null;
  error: string | null;
}

/**
 * Audit verifications run as jobs (BullMQ, AUDIT_VERIFICATION_QUEUE): every chain of a national installation takes
 * minutes to hash again, past a load balancer's timeout for one request. Any api replica works them, one at a time
 * each (hashing is the api's CPU); a replica that dies mid-way leaves its job to another, which starts it again, and
 * one that shuts down puts its job back in the queue at once rather than hold its shutdown for minutes. One
 * log-in has one verification at a time, queued, running, or answered in a request (the lease of
 * POST /audit/verify). Started with the api's other workers (src/workers.ts; tests start it themselves).
 */
@Injectable()
export class AuditVerificationJobs implements OnModuleDestroy {
  private readonly logger = new Logger('AuditVerificationJobs');
  private readonly queue: Queue<AuditVerificationJob, ChainVerificationDto[]>;
  private worker: Worker<AuditVerificationJob, ChainVerificationDto[]> | null = null;
  /** Aborted at shutdown: the verification running here stops at its next page of events. */
  private readonly stopping = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly leases: RedisLeases,
    private readonly verification: AuditVerification,
  ) {
    this.queue = new Queue(AUDIT_VERIFICATION_QUEUE, {
      connection: redis.client,
      prefix: config.queuePrefix,
    });
    // Redis being away is reported by /health, and a request that needs it answers 503: not a log line per retry.
    this.queue.on('error', () => undefined);
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker(
      AUDIT_VERIFICATION_QUEUE,
      (job, token) => this.process(job, token),
      apiWorkerOptions(this.config, this.redis, 1),
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`audit verification ${job?.id ?? '?'} failed: ${error.message}`),
    );
    this.worker.on('error', (error) => this.logger.error(`worker: ${error.message}`));
    await this.worker.waitUntilReady();
  }

  /** Queues a verification of `scope` for the log-in; or names the one it already has (null: one in a request). */
  async enqueue(
    userId: string,
    scope: VerificationScope,
    organisationId: string | null,
  ): Promise<{ started: string } | { running: string | null }> {
    const id = randomUUID();
    const key = verificationLeaseKey(this.config.queuePrefix, userId);
    // Twice at most: a hold left by a finished job is freed once, then the lease is taken anew.
    for (let attempt = 1; ; attempt++) {
      const taken = await this.takeLease(key, id);
      if (taken === true) break;
      const held = await whileRedisAnswers(this.settleHold(userId, taken.heldBy), REDIS_AWAY);
      if (held !== 'freed' || attempt === 2) return { running: held === 'running' ? taken.heldBy : null };
    }
    const job: AuditVerificationJob = {
      userId,
      chains: scope,
      organisationId,
      requestedAt: new Date().toISOString(),
    };
    try {
      await whileRedisAnswers(
        this.queue.add(AUDIT_VERIFICATION_JOB_NAME, job, {
          jobId: id,
          removeOnComplete: { age: KEPT_SECONDS },
          removeOnFail: { age: KEPT_SECONDS },
        }),
        REDIS_AWAY,
      );
    } catch (error) {
      await this.leases.release(key, id).catch(() => undefined);
      throw error;
    }
    return { started: id };
  }

  /** The log-in's lease for a queued job `id`, or who holds it; Redis silent: QUEUE_UNAVAILABLE. */
  private async takeLease(key: string, id: string): Promise<true | { heldBy: string | null }> {
    const taking = this.leases.take(key, id, QUEUED_LEASE_MS);
    try {
      return await whileRedisAnswers(taking, REDIS_AWAY);
    } catch (error) {
      // A SET that lands after the 503 would hold the log-in for a job never queued.
      void taking
        .then((late) => (late === true ? this.leases.release(key, id) : undefined))
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * Frees the log-in's hold when it names a verification of theirs that finished, or one never queued, so that nothing
   * runs under it: its replica died before freeing it (killed as the job ended, the job failed by BullMQ's stalled-job
   * check, or killed between taking the hold and queueing the job). Answers whether it freed it; the hold of a
   * verification in a request, or of a queued or running one, stays. Redis silent: QUEUE_UNAVAILABLE after a few
   * seconds.
   */
  async freeLeftoverHold(userId: string): Promise<boolean> {
    const key = verificationLeaseKey(this.config.queuePrefix, userId);
    const holder = await whileRedisAnswers(this.leases.holder(key), REDIS_AWAY);
    return (await whileRedisAnswers(this.settleHold(userId, holder), REDIS_AWAY)) === 'freed';
  }

  /**
   * What holds the log-in when `heldBy` has its lease: a job of theirs still queued or running ('running'), one that
   * finished or was never queued, whose hold is freed here ('freed'), or something else (another's job, a verification
   * in a request).
   */
  private async settleHold(userId: string, heldBy: string | null): Promise<'running' | 'freed' | 'other'> {
    if (!heldBy || isRequestHolder(heldBy)) return 'other';
    const key = verificationLeaseKey(this.config.queuePrefix, userId);
    const job = await this.queue.getJob(heldBy);
    if (!job) {
      // A job's hold whose job is not there: freed once it is older than a live replica takes to queue one.
      const age = QUEUED_LEASE_MS - (await this.leases.timeLeft(key));
      if (age < UNQUEUED_HOLD_MS) return 'other';
      await this.leases.release(key, heldBy);
      return 'freed';
    }
    if (job.data.userId !== userId) return 'other';
    const state = await this.queue.getJobState(heldBy);
    if (state !== 'completed' && state !== 'failed') return 'running';
    await this.leases.release(key, heldBy);
    return 'freed';
  }

  /** The log-in's verification `id`, or null when there is none of theirs by that id (another's, or long gone). */
  async find(userId: string, id: string): Promise<AuditVerificationView | null> {
    // The state first: a job read before it finished and found finished after would show no result.
    const state = await whileRedisAnswers(this.queue.getJobState(id), REDIS_AWAY);
    const job = await whileRedisAnswers(this.queue.getJob(id), REDIS_AWAY);
    if (!job || job.data.userId !== userId) return null;
    const status: AuditVerificationStatus =
      state === 'completed'
        ? 'done'
        : state === 'failed'
          ? 'failed'
          : state === 'active'
            ? 'running'
            : 'queued';
    // Followed while it waits (the dashboard and the CLI read it every second): its hold on the log-in lasts as long,
    // however long the replicas are busy with others' verifications, so the log-in does not queue a second meanwhile.
    if (status === 'queued')
      await whileRedisAnswers(
        this.leases.keepOnce(verificationLeaseKey(this.config.queuePrefix, userId), id, QUEUED_LEASE_MS),
        REDIS_AWAY,
      );
    const chains = status === 'done' ? (job.returnvalue ?? []) : null;
    // Written at most every PROGRESS_EVERY_MS while it ran: once done, the result says how far it went.
    const progress: AuditVerificationProgress | null = chains
      ? {
          chainsTotal: chains.length,
          chainsChecked: chains.length,
          eventsChecked: chains.reduce((sum, c) => sum + c.events, 0),
        }
      : typeof job.progress === 'object'
        ? (job.progress as AuditVerificationProgress)
        : null;
    return {
      id,
      status,
      organisationId: job.data.organisationId,
      requestedAt: job.data.requestedAt,
      startedAt: status === 'queued' || !job.processedOn ? null : new Date(job.processedOn).toISOString(),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      progress,
      chains,
      // The reason stays in the api's log: a database's error text is not for the dashboard.
      error: status === 'failed' ? 'the verification stopped before its end: start it again' : null,
    };
  }

  async process(
    job: Job<AuditVerificationJob, ChainVerificationDto[]>,
    token?: string,
  ): Promise<ChainVerificationDto[]> {
    const key = verificationLeaseKey(this.config.queuePrefix, job.data.userId);
    const lease = this.leases.keep(key, job.id!, runningLeaseMs(this.config));
    let written = 0;
    try {
      return await this.verification.run(
        job.data.chains,
        (progress) => {
          const now = Date.now();
          if (now - written < PROGRESS_EVERY_MS) return;
          written = now;
          void job.updateProgress(progress).catch(() => undefined);
        },
        this.stopping.signal,
      );
    } catch (error) {
      if (!this.stopping.signal.aborted) throw error;
      // This replica shuts down: the job goes back to the queue for another (or this one restarted), from the start.
      await job.moveToWait(token);
      throw new WaitingError();
    } finally {
      // Put back in the queue, the job keeps the log-in's lease (its holder is the job): the next replica renews it.
      if (this.stopping.signal.aborted) lease.stop();
      else lease.release();
    }
  }

  /** Before the api's Redis connection closes (its module's own onModuleDestroy, after this one's). */
  async onModuleDestroy(): Promise<void> {
    this.stopping.abort(new Error('the api is shutting down'));
    await this.worker?.close();
    this.worker = null;
    await this.queue.close();
  }
}
