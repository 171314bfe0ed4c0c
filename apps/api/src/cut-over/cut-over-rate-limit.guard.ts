import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UseGuards,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisConnection } from '../redis/redis.provider.js';

/** Link requests one client address may make per window: a person clicking is far below it, a guesser far above. */
export const CUT_OVER_REQUESTS_PER_WINDOW = 30;
export const CUT_OVER_WINDOW_SECONDS = 60;
/** How long Redis may take to count: past it the request passes (the token's 256 bits are the real lock). */
const COUNT_TIMEOUT_MS = 500;

/**
 * Counts the cut-over link requests of each client address (Fastify's request.ip, so TRUST_PROXY decides which hop is
 * the client) in a fixed window on Redis, for every replica at once; past the limit, 429 with Retry-After.
 */
@Injectable()
export class CutOverRateLimitGuard implements CanActivate {
  private readonly logger = new Logger('CutOverRateLimit');

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ ip?: string }>();
    const windowStart = Math.floor(Date.now() / 1000 / CUT_OVER_WINDOW_SECONDS);
    const key = `${this.config.queuePrefix}:cut-over-rate:${request.ip ?? 'unknown'}:${windowStart}`;
    const count = await this.count(key);
    if (count === null || count <= CUT_OVER_REQUESTS_PER_WINDOW) return true;
    const retryAfterSeconds = (windowStart + 1) * CUT_OVER_WINDOW_SECONDS - Math.floor(Date.now() / 1000);
    throw new HttpException(
      {
        statusCode: 429,
        code: 'TOO_MANY_REQUESTS',
        message: `too many cut-over link requests from this address: try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** The window's count with this request, or null when Redis does not answer in time. */
  private async count(key: string): Promise<number | null> {
    const results = await this.redis.answerWithin(
      this.redis.client
        .multi()
        .incr(key)
        .expire(key, CUT_OVER_WINDOW_SECONDS * 2)
        .exec(),
      COUNT_TIMEOUT_MS,
    );
    if (results === undefined) {
      this.logger.warn('Redis did not count a cut-over link request: it passes unlimited');
      return null;
    }
    return Number(results?.[0]?.[1] ?? 0);
  }
}

/** The cut-over links' rate limit, per client address. */
export const CutOverRateLimit = (): MethodDecorator & ClassDecorator => UseGuards(CutOverRateLimitGuard);
