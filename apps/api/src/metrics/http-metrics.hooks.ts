import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MetricsRegistry } from './metrics-registry.js';

const STARTED = Symbol('metrics.started');
type TimedRequest = FastifyRequest & { [STARTED]?: bigint };

/** The dashboard's fallback route (serve-dashboard.ts): its pages and the api's unknown paths are not routes. */
const CATCH_ALL_ROUTE = '/*';

/**
 * Counts and times every request as it finishes, labelled by the route pattern (`/api/v1/certificates/:id`), never
 * the raw path, so ids do not multiply the series. Requests no route matched share the label `unmatched`. Fastify
 * hooks on the application's one instance, so the errors answered before a route runs count too.
 */
@Injectable()
export class HttpMetricsHooks implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', (request: TimedRequest, _reply, done) => {
      request[STARTED] = process.hrtime.bigint();
      done();
    });
    fastify.addHook('onResponse', (request: TimedRequest, reply, done) => {
      const pattern = request.is404 ? undefined : request.routeOptions.url;
      const route = pattern && pattern !== CATCH_ALL_ROUTE ? pattern : 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      this.metrics.httpRequests.inc(labels);
      const started = request[STARTED];
      if (started !== undefined)
        this.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      done();
    });
  }
}
