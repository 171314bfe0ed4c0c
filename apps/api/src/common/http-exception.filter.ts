import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { JSON_BODY_LIMIT_BYTES } from './json-body.js';

/** How long a client should wait before sending again a request Postgres was away for (a restart takes seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Every error answers `{statusCode, code, message}` (plus `details` where useful). Unexpected errors are logged
 * and answer a bare 500: no stack, no SQL, no input echoed back. Postgres away (restarting, failing over) answers
 * 503 DATABASE_UNAVAILABLE with Retry-After.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response: unknown = host.switchToHttp().getResponse();
    const http = this.adapterHost.httpAdapter;
    const answer = (status: number, body: object, retryAfterSeconds?: number) => {
      if (retryAfterSeconds !== undefined) http.setHeader(response, 'Retry-After', String(retryAfterSeconds));
      http.reply(response, body, status);
    };
    exception = withBodyLimitNamed(exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const object =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { message: body };
      const message = Array.isArray(object.message)
        ? object.message.join('; ')
        : String(object.message ?? exception.message);
      // An error that says when to come back (429) says it in the standard header too.
      answer(
        status,
        {
          ...object,
          statusCode: status,
          code: typeof object.code === 'string' ? object.code : (CODES[status] ?? 'ERROR'),
          message,
        },
        typeof object.retryAfterSeconds === 'number' ? object.retryAfterSeconds : undefined,
      );
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // Not a bug: one line, no stack. The transaction it was in rolled back (each change is one).
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : exception}`);
      answer(
        HttpStatus.SERVICE_UNAVAILABLE,
        {
          statusCode: 503,
          code: 'DATABASE_UNAVAILABLE',
          message:
            'The database did not answer: what this request had not finished was not written. ' +
            'Send it again in a moment.',
        },
        DATABASE_RETRY_AFTER_SECONDS,
      );
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    answer(HttpStatus.INTERNAL_SERVER_ERROR, {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'something went wrong on our side',
    });
  }
}

/**
 * Fastify's refusal of a JSON body over its limit, which Nest hands on as a 413 HttpException caused by it: named with
 * the limit, as the import's upload limits are.
 */
function withBodyLimitNamed(exception: unknown): unknown {
  const cause =
    exception instanceof HttpException ? (exception.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return exception;
  return new HttpException(
    {
      code: 'PAYLOAD_TOO_LARGE',
      message: `a JSON request body may hold at most ${JSON_BODY_LIMIT_BYTES} bytes`,
    },
    HttpStatus.PAYLOAD_TOO_LARGE,
  );
}
