import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { JSON_BODY_LIMIT_BYTES } from './common/json-body.js';
import { acceptBodies } from './common/request-bodies.js';
import { noStoreApiAnswers } from './common/no-store.js';
import { securityHeaders } from './common/security-headers.js';
import { TextInputPipe } from './common/text-input.pipe.js';
import type { AppConfig } from './config/config.js';
import { nestLogLevels } from './config/log-levels.js';
import { serveDashboard } from './dashboard/serve-dashboard.js';
import { serveOpenApi } from './openapi.js';

/** As long as node lets a request line be (16 KiB of headers): an overlong id reaches its route and its 400 or 404, not 414. */
const MAX_PATH_PARAMETER_LENGTH = 16 * 1024;

/** node:http's default `requestTimeout`, which the api had under express. */
const NODE_REQUEST_TIMEOUT_MS = 300_000;

/**
 * The configured application on Fastify (Nest's express adapter cost a request 0.135 ms of CPU more: see
 * docs/performance.md), not yet initialised nor listening (tests init it and reach it through its server).
 */
export async function createApp(
  config: AppConfig,
  options: {
    logger?: false | ('error' | 'warn' | 'log')[];
    /** The built dashboard to serve at `/` (default apps/dashboard/dist, when it exists). */
    dashboardDir?: string;
  } = {},
): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: trustedProxies(config.trustProxy),
    // No connect-style middleware: the api's own run as Fastify hooks, below.
    skipMiddie: true,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    // `/api/v1/certificates/` is `/api/v1/certificates`, as it was under express.
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH, ignoreTrailingSlash: true },
    // Node's own limit on receiving a whole request (Fastify's default is none): a client that trickles a body
    // byte by byte does not hold a connection for ever.
    requestTimeout: NODE_REQUEST_TIMEOUT_MS,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger: options.logger ?? nestLogLevels(config.logLevel),
    // The api's own parsers, below: Nest's would also read form posts (BodyMediaTypeInterceptor refuses those).
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // First, so every answer carries them: the dashboard's files, the api's, and the errors of body parsing.
  fastify.addHook('onRequest', asHook(securityHeaders()));
  fastify.addHook('onRequest', asHook(noStoreApiAnswers()));
  acceptBodies(fastify);
  app.useGlobalPipes(new TextInputPipe());
  app.enableShutdownHooks();
  serveOpenApi(app);
  await serveDashboard(app, options.dashboardDir);
  return app;
}

/**
 * TRUST_PROXY for Fastify: a hop count as express read it (trust the nearest `hops` addresses, so the api must be
 * reachable through its proxies only: docs/security.md), or the proxies' addresses and CIDR ranges. `true` is never
 * given: any client could forge X-Forwarded-For (config.ts).
 */
function trustedProxies(
  trustProxy: AppConfig['trustProxy'],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address, hop) => hop < trustProxy;
}

type RawMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** A connect-style middleware of the raw request and response as a Fastify `onRequest` hook. */
function asHook(middleware: RawMiddleware) {
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) =>
    middleware(request.raw, reply.raw, (error) => done(error as Error | undefined));
}
