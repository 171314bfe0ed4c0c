// @certdesk/notifier: the reminder engine (scan, send, outbox relay) as a NestJS application context.
export { loadConfig, ConfigError, NOTIFIER_CONFIG, type NotifierConfig } from './config/config.js';
export { Clock, SettableClock } from './core/clock.js';
export { startNotifier, type Notifier, type StartOptions } from './start-notifier.js';
export { NotifierModule, type NotifierRuntime } from './notifier.module.js';
export { NotifierQueues, KEEP_JOBS } from './queues/notifier-queues.js';
export { RENEWAL_STATES_WITHOUT_REMINDERS } from './scan/reminder-scan.js';
export { classifySmtpFailure, type SmtpFailure } from './delivery/smtp-failure.js';
