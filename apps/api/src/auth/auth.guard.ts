import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ActorLoader } from './actor-loader.js';
import { ACTOR_KEY } from './current-actor.decorator.js';
import { IS_PUBLIC } from './public.decorator.js';

/** Every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; ip?: string } & Record<string, unknown>>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1])
      throw new UnauthorizedException({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'a bearer token is required',
      });
    const actor = await this.actors.fromToken(match[1], new Date(), {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
    });
    if (!actor)
      throw new UnauthorizedException({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'the token is unknown, expired or revoked',
      });
    request[ACTOR_KEY] = actor;
    return true;
  }
}
