// The cut-over reminders' schedule between the notifier (its job scheduler, on REMINDER_CRON) and the api (which
// mints the reminders' fresh links: only it holds the token key). docs/guide/lifecycle.md says who is reminded when.

/** One job per run of REMINDER_CRON, worked by the api: remind every contact whose reminder is due. */
export const CUT_OVER_REMINDER_QUEUE = 'cut-over-reminders';
export const CUT_OVER_REMINDER_JOB_NAME = 'remind';
/** The id of the job scheduler that puts a job on CUT_OVER_REMINDER_QUEUE. */
export const CUT_OVER_REMINDER_SCHEDULER_ID = 'cut-over-reminders';

/** A run of the cut-over reminders: the due ones are found from the database, nothing is carried. */
export interface CutOverReminderJob {
  trigger?: 'schedule' | 'manual';
}
