import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import type { Observable } from 'rxjs';
import { mediaTypeOf } from './content-type.js';

/** What a body is when the endpoint's OpenAPI operation says nothing else. */
const JSON_ONLY = ['application/json'];

/**
 * A request body must be of a media type its endpoint takes: JSON, or what the endpoint's `@ApiConsumes` names (the
 * import's multipart/form-data), so that the OpenAPI document says what is enforced. Anything else answers 415 before
 * any work: a form-encoded or text body is never read as if it were the JSON one, and, but for the import, the only
 * bodies a cross-site page can make a browser send without a CORS preflight (a form's, text) are refused.
 */
@Injectable()
export class BodyMediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
    if (carriesBody(request)) {
      const accepted =
        this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
          context.getHandler(),
          context.getClass(),
        ]) ?? JSON_ONLY;
      if (!accepted.includes(mediaTypeOf(request.headers['content-type'])))
        throw new UnsupportedBodyError(accepted);
    }
    return next.handle();
  }
}

/** A body with content: chunked, or of a length above zero (a POST without a body may say Content-Length: 0). */
function carriesBody(request: { headers: IncomingHttpHeaders }): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

class UnsupportedBodyError extends HttpException {
  constructor(accepted: string[]) {
    super(
      {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `this endpoint takes a body of type ${accepted.join(' or ')} (the Content-Type header)`,
        details: { accepted },
      },
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
}
