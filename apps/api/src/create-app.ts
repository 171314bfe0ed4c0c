import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { serveDashboard } from './dashboard/serve-dashboard.js';
import { serveOpenApi } from './openapi.js';

/** The configured application, not yet listening (tests use it directly). */
export async function createApp(
  config: AppConfig,
  options: {
    logger?: false | ('error' | 'warn' | 'log')[];
    /** The built dashboard to serve at `/` (default apps/dashboard/dist, when it exists). */
    dashboardDir?: string;
  } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger: options.logger ?? ['error', 'warn', 'log'],
    bodyParser: true,
  });
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', true);
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  serveOpenApi(app);
  serveDashboard(app, options.dashboardDir);
  return app;
}
