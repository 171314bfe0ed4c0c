import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/**
 * Goes before the upload's FilesInterceptor on the import: an upload over UPLOAD_MAX_FILES or UPLOAD_MAX_FILE_BYTES is
 * refused by the multipart reader while it arrives, and Nest maps too many files to 400. Both are upload limits, answered 413 as the
 * README and the zip limits (uploaded-files.ts) say, with a message naming the limit.
 */
@Injectable()
export class UploadLimitsInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => this.asLimit(error))));
  }

  private asLimit(error: unknown): unknown {
    if (!(error instanceof HttpException)) return error;
    const { maxFiles, maxFileBytes } = this.config.upload;
    switch ((error.cause as { code?: unknown } | undefined)?.code) {
      case 'LIMIT_FILE_COUNT':
        return tooLarge(`an upload holds at most ${maxFiles} files, zip entries included`);
      case 'LIMIT_FILE_SIZE':
        return tooLarge(`a file may hold at most ${maxFileBytes} bytes`);
      default:
        return error;
    }
  }
}

function tooLarge(message: string): PayloadTooLargeException {
  return new PayloadTooLargeException({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message });
}
