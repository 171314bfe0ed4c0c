import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { refuseDeepJson } from './common/json-depth.js';
import { noStoreApiAnswers } from './common/no-store.js';
import { securityHeaders } from './common/security-headers.js';
import { TextInputPipe } from './common/text-input.pipe.js';
import type { AppConfig } from './config/config.js';
import { nestLogLevels } from './config/log-levels.js';
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
    logger: options.logger ?? nestLogLevels(config.logLevel),
    // The api's bodies are JSON (parsed below) or the import's multipart (multer, on its route): none of Nest's
    // default parsers, whose urlencoded one read form posts as if they were JSON (BodyMediaTypeInterceptor).
    bodyParser: false,
  });
  app.disable('x-powered-by');
  // No ETag computed over every answer: the api's are no-store. The calendar feed sets its own (over its content but
  // DTSTAMP, which changes every second), and the dashboard's files keep serve-static's.
  app.set('etag', false);
  // First, so every answer carries them: the dashboard's files, the api's, and errors of the body parser.
  app.use(securityHeaders());
  app.use(noStoreApiAnswers());
  // A hop count or the proxies' addresses (config.ts): `true` would let any client forge X-Forwarded-For.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  // express.json itself, not useBodyParser, whose options type leaves out `verify`.
  app.use(express.json({ limit: '1mb', verify: refuseDeepJson }));
  app.useGlobalPipes(new TextInputPipe());
  app.enableShutdownHooks();
  serveOpenApi(app);
  serveDashboard(app, options.dashboardDir);
  return app;
}
