import { Module } from '@nestjs/common';
import { ListWarningGroupsHandler } from './list-warning-groups.query.js';
import { ListWarningsHandler } from './list-warnings.query.js';
import { WarningsController } from './warnings.controller.js';
import { WarningsRepository } from './warnings.repository.js';

/**
 * GET /api/v1/warnings (one line per warning) and /groups (grouped by organisation and code, paged): set-based checks
 * of each organisation's certificates, contacts and managers.
 */
@Module({
  controllers: [WarningsController],
  providers: [ListWarningsHandler, ListWarningGroupsHandler, WarningsRepository],
})
export class WarningsModule {}
