import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** The most rows one page of a list may ask for. */
export const MAX_PAGE = 500;

/** A page's `limit`: 1 to MAX_PAGE rows, in the list's own order. */
export function PageLimit(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, description }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE),
  );
}

/** A page's `after`: the last id of the page before; one the caller cannot see answers 404, as a missing one. */
export function PageAfter(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      format: 'uuid',
      description: `${description} One I cannot see answers 404, as one that does not exist.`,
    }),
    IsOptional(),
    IsUUID(),
  );
}
