import { type DynamicModule, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { NOTIFIER_CONFIG, type NotifierConfig } from './config/config.js';
import { Clock } from './core/clock.js';
import { INSTALLATION_ID } from './core/installation.js';
import { MailComposer } from './delivery/mail-composer.js';
import { MailTransport } from './delivery/mail-transport.js';
import { RecipientSender } from './delivery/recipient-sender.js';
import { SendEnqueuer } from './delivery/send-enqueuer.js';
import { SendProcessor } from './delivery/send-processor.js';
import { CutOverReminderScheduler } from './cut-over/cut-over-reminder-scheduler.js';
import { EtkDiscoveryScheduler } from './etk-discovery/etk-discovery-scheduler.js';
import { OutboxProcessor } from './outbox/outbox-processor.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { CutOverMailer } from './outbox/cut-over-mailer.js';
import { SetPasswordMailer } from './outbox/set-password-mailer.js';
import { NotifierQueues, REDIS } from './queues/notifier-queues.js';
import { NotifierWorkers } from './queues/notifier-workers.js';
import { ReminderScan } from './scan/reminder-scan.js';
import { ScanProcessor } from './scan/scan-processor.js';
import { WebhookDeliveryProcessor } from './webhooks/webhook-delivery-processor.js';
import { WebhookDisabledMailer } from './webhooks/webhook-disabled-mailer.js';
import { WebhookFanOut } from './webhooks/webhook-fan-out.js';

/** What the notifier runs on, connected before the module is built (see start-notifier.ts). */
export interface NotifierRuntime {
  config: NotifierConfig;
  dataSource: DataSource;
  redis: Redis;
  /** This database's installation id: in the ids of jobs built from its row ids. */
  installationId: string;
  clock?: Clock;
}

@Module({})
export class NotifierModule {
  static forRuntime(runtime: NotifierRuntime): DynamicModule {
    return {
      module: NotifierModule,
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: runtime.config },
        { provide: DataSource, useValue: runtime.dataSource },
        { provide: REDIS, useValue: runtime.redis },
        { provide: INSTALLATION_ID, useValue: runtime.installationId },
        { provide: Clock, useValue: runtime.clock ?? new Clock() },
        NotifierQueues,
        ReminderScan,
        ScanProcessor,
        SendEnqueuer,
        MailTransport,
        MailComposer,
        RecipientSender,
        SendProcessor,
        OutboxRelay,
        OutboxProcessor,
        SetPasswordMailer,
        CutOverMailer,
        NotifierWorkers,
        EtkDiscoveryScheduler,
        CutOverReminderScheduler,
        WebhookFanOut,
        WebhookDeliveryProcessor,
        WebhookDisabledMailer,
      ],
    };
  }
}
