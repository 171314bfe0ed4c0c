import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { ReminderScanJob } from '@certdesk/contracts';
import { type ReminderRunCounts, rollCertificateTallies } from '@certdesk/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import { SendEnqueuer } from '../delivery/send-enqueuer.js';
import { ReminderScan } from './reminder-scan.js';

/**
 * Runs one reminder scan job: records the run (reminder_run), scans at the clock's now, then enqueues a send job
 * for every address with mail queued (this run's and any older mail still waiting), then rolls the certificate
 * tallies (and the readiness tallies, at the installation's policy) to its day. A retried attempt continues the same run: what the first attempt committed is not created twice
 * (UNIQUE constraints), only picked up.
 */
@Injectable()
export class ScanProcessor {
  private readonly logger = new Logger('ReminderScan');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly scan: ReminderScan,
    private readonly enqueuer: SendEnqueuer,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async process(job: Job<ReminderScanJob>): Promise<{ runId: string; counts: ReminderRunCounts }> {
    let runId = job.data.runId;
    if (job.data.trigger === 'manual' && runId) await this.requireRecordedRun(runId);
    if (!runId) {
      runId = randomUUID();
      await job.updateData({ ...job.data, runId });
    }
    const now = this.clock.now();
    await this.db.query(
      `INSERT INTO reminder_run (id, trigger, started_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET started_at = coalesce(reminder_run.started_at, EXCLUDED.started_at),
                                      error = NULL`,
      [runId, job.data.trigger, now],
    );
    try {
      const scanned = await this.scan.scan(runId, now);
      const sendJobs = await this.enqueuer.enqueueAllQueued(runId);
      const [totals] = (await this.db.query(
        `SELECT (SELECT count(*) FROM reminder WHERE run_id = $1)::int AS reminders,
                (SELECT count(*) FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
                  WHERE r.run_id = $1)::int AS deliveries`,
        [runId],
      )) as [{ reminders: number; deliveries: number }];
      const counts: ReminderRunCounts = { candidates: scanned.candidates, ...totals, sendJobs };
      await this.db.query(`UPDATE reminder_run SET finished_at = $2, counts = $3 WHERE id = $1`, [
        runId,
        this.clock.now(),
        counts,
      ]);
      this.logger.log(
        `run ${runId}: ${counts.candidates} candidates, ${counts.reminders} reminders, ` +
          `${counts.deliveries} deliveries, ${sendJobs} send jobs`,
      );
      await this.rollTallies(now);
      return { runId, counts };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db
        .query(`UPDATE reminder_run SET error = $2 WHERE id = $1`, [runId, message.slice(0, 1000)])
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * Once the mail is on its way, the certificate tallies are rolled to the scan's day (the overview's cost grows with
   * the days since the last roll). A failure is logged, not the run's: the reminders are what the run is for, and
   * tomorrow's scan rolls again.
   */
  private async rollTallies(now: Date): Promise<void> {
    try {
      await rollCertificateTallies(this.db, now, this.config.readiness);
    } catch (error) {
      this.logger.error(
        `the certificate tallies were not rolled: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  /**
   * A manual run is recorded before its job is added. One missing here was asked for in another database whose
   * api shares this queue prefix: scanning this database instead would mail the wrong organisations' reminders.
   */
  private async requireRecordedRun(runId: string): Promise<void> {
    const [known] = (await this.db.query(`SELECT 1 FROM reminder_run WHERE id = $1`, [runId])) as unknown[];
    if (known) return;
    const message =
      `reminder run ${runId} is not recorded in this database: the api that asked for it uses another ` +
      `database with the same QUEUE_PREFIX. Give each installation its own QUEUE_PREFIX.`;
    this.logger.error(message);
    throw new UnrecoverableError(message);
  }
}
