import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'certdesk:public';

/** A route anyone may call without a token (log-in, health, the calendar feed with its own secret). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
