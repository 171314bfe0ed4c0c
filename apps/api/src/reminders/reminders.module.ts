import { Module } from '@nestjs/common';
import { ListRemindersHandler } from './list-reminders/list-reminders.query.js';
import { GetQueueStateHandler } from './queues/queue-state.query.js';
import { ReminderQueues } from './reminder-queues.js';
import { RemindersController } from './reminders.controller.js';
import { RunRemindersHandler } from './run-reminders/run-reminders.handler.js';
import { GetReminderRunHandler, ListReminderRunsHandler } from './runs/reminder-runs.queries.js';

@Module({
  controllers: [RemindersController],
  providers: [
    ReminderQueues,
    RunRemindersHandler,
    ListRemindersHandler,
    ListReminderRunsHandler,
    GetReminderRunHandler,
    GetQueueStateHandler,
  ],
})
export class RemindersModule {}
