import { Module } from '@nestjs/common';
import { GetOverviewHandler } from './get-overview.query.js';
import { OverviewController } from './overview.controller.js';
import { OverviewRepository } from './overview.repository.js';

/** GET /api/v1/overview: the dashboard's first page, in one SQL statement. */
@Module({ controllers: [OverviewController], providers: [GetOverviewHandler, OverviewRepository] })
export class OverviewModule {}
