import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { Actor } from './actor.js';
import { ACTOR_KEY } from '../auth/current-actor.decorator.js';
import { SsinMasker } from './ssin-masking.js';

/** Masks SSINs in every JSON answer for the actor who made the request (see SsinMasker). */
@Injectable()
export class SsinMaskingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const actor = context.switchToHttp().getRequest<Record<string, unknown>>()[ACTOR_KEY] as
      Actor | undefined;
    if (!actor || actor.centralAdmin) return next.handle();
    const masker = new SsinMasker(actor);
    // A streamed answer (a file, a CSV) masks its own rows as it writes them; it is passed through untouched.
    return next
      .handle()
      .pipe(map((body: unknown) => (body instanceof StreamableFile ? body : masker.mask(body))));
  }
}
