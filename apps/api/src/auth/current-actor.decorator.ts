import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Actor } from '../access/actor.js';

export const ACTOR_KEY = 'certdeskActor';

/** The authenticated actor of this request (set by the AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Record<string, unknown>>();
  const actor = request[ACTOR_KEY] as Actor | undefined;
  if (!actor) throw new UnauthorizedException();
  return actor;
});
