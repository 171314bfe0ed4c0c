import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from './database-unavailable.js';

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

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException && isUnparsableJson(exception)) {
      // The parser's own message quotes the body it could not read, a password included: say what is wrong only.
      response
        .status(HttpStatus.BAD_REQUEST)
        .json({ statusCode: 400, code: 'BAD_REQUEST', message: 'the request body is not valid JSON' });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const object =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : { message: body };
      const message = Array.isArray(object.message)
        ? object.message.join('; ')
        : String(object.message ?? exception.message);
      // An error that says when to come back (429) says it in the standard header too.
      if (typeof object.retryAfterSeconds === 'number')
        response.setHeader('Retry-After', object.retryAfterSeconds);
      response.status(status).json({
        ...object,
        statusCode: status,
        code: typeof object.code === 'string' ? object.code : (CODES[status] ?? 'ERROR'),
        message,
      });
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // Not a bug: one line, no stack. The transaction it was in rolled back (each change is one).
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : exception}`);
      response.setHeader('Retry-After', DATABASE_RETRY_AFTER_SECONDS);
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message:
          'The database did not answer: what this request had not finished was not written. ' +
          'Send it again in a moment.',
      });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'something went wrong on our side' });
  }
}

/** A JSON body body-parser could not parse (Nest hands it on as a 400 caused by body-parser's error). */
function isUnparsableJson(exception: HttpException): boolean {
  const cause = exception.cause as { type?: unknown } | undefined;
  return cause?.type === 'entity.parse.failed';
}
