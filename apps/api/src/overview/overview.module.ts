import { Module } from '@nestjs/common';
import { GetOverviewHandler } from './get-overview.query.js';
import { OverviewController } from './overview.controller.js';

/** GET /api/v1/overview: the dashboard's first page, in one SQL statement. */
@Module({ controllers: [OverviewController], providers: [GetOverviewHandler] })
export class OverviewModule {}
