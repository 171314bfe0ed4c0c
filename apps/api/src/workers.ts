import type { INestApplication } from '@nestjs/common';
import { AuditVerificationJobs } from './audit/audit-verification-jobs.js';
import { CutOverReminderWorker } from './cut-over/cut-over-reminder.worker.js';
import { EtkDiscoveryWorker } from './etk-directory/etk-discovery.worker.js';

/**
 * The api's own queue workers, started once it listens (main.ts; a test harness that runs the whole api too): each
 * replica works its share of the jobs on QUEUE_PREFIX.
 */
export async function startWorkers(app: INestApplication): Promise<void> {
  // The notifier's scheduled ETK discoveries, one job per organisation (src/etk-directory).
  await app.get(EtkDiscoveryWorker).start();
  // The notifier's scheduled cut-over reminder runs (src/cut-over).
  await app.get(CutOverReminderWorker).start();
  // Audit verifications asked for as jobs, by a log-in on any replica (src/audit).
  await app.get(AuditVerificationJobs).start();
}
