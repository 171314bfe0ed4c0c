import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const MAX_BY_NAME_PAGE = 500;

/** A list by name, then id, a page at a time (the organisations, the people): its `limit` and `after`. */
export class ByNamePageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_BY_NAME_PAGE,
    description: 'At most this many, by name. Without it, every one at once.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_BY_NAME_PAGE)
  limit?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Only those after this one by name: the last id of the page before. One I cannot see answers 404, as one ' +
      'that does not exist.',
  })
  @IsOptional()
  @IsUUID()
  after?: string;
}
