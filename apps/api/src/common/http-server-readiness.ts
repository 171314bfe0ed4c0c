import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Fastify answers only once its plugins have loaded (`ready()`). `app.listen()` waits for that itself; this makes
 * `app.init()` wait too, for the tests and tools that reach the application's server without listening.
 */
@Injectable()
export class HttpServerReadiness implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.adapterHost.httpAdapter?.getInstance<FastifyInstance>().ready();
  }
}
