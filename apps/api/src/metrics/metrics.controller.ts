import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Inject,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { prometheusContentType } from 'prom-client';
import { Public } from '../auth/public.decorator.js';
import { TokenHasher } from '../auth/token-hasher.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MetricsRegistry } from './metrics-registry.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Prometheus' scrape endpoint. With METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>`; without, it
 * answers only clients on the loopback interface (the client address as Fastify sees it, so behind a proxy with
 * TRUST_PROXY the forwarded address counts). Not part of the REST api, so not in the OpenAPI document.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly hasher: TokenHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @Header('Content-Type', prometheusContentType)
  async scrape(@Req() request: FastifyRequest): Promise<string> {
    this.authorise(request);
    return this.metrics.registry.metrics();
  }

  private authorise(request: FastifyRequest): void {
    const expected = this.config.metricsToken;
    if (expected) {
      const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!this.hasher.equals(presented, expected))
        throw new UnauthorizedException({
          statusCode: 401,
          code: 'UNAUTHENTICATED',
          message: 'metrics need Authorization: Bearer <METRICS_TOKEN>',
        });
      return;
    }
    if (!LOOPBACK.test(request.ip ?? ''))
      throw new ForbiddenException(
        'metrics answer loopback clients only; set METRICS_TOKEN to scrape from elsewhere',
      );
  }
}
