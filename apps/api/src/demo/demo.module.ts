import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { DemoController } from './demo.controller.js';
import { GetDemoHandler } from './demo.query.js';

/** The demo's public page of log-ins and cards (GET /api/v1/demo); off unless DEMO=true. */
@Module({ imports: [UsersModule], controllers: [DemoController], providers: [GetDemoHandler] })
export class DemoModule {}
