import { Module } from '@nestjs/common';
import { ListWarningsHandler } from './list-warnings.query.js';
import { WarningsController } from './warnings.controller.js';

/** GET /api/v1/warnings: set-based checks of each organisation's certificates, contacts and managers. */
@Module({ controllers: [WarningsController], providers: [ListWarningsHandler] })
export class WarningsModule {}
