import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MUTE_REASONS } from '@certdesk/domain';
import { WARNING_MUTE_FILTERS, type WarningMuteFilter } from './warning-mute-sql.js';
import { WARNING_CODES } from './warnings-sql.js';

export const WARNING_SEVERITIES = ['critical', 'warning'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

export class ListWarningsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One organisation; every one I can see when absent' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: WARNING_CODES, isArray: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')),
  )
  @IsIn(WARNING_CODES, { each: true })
  @ArrayMaxSize(WARNING_CODES.length)
  code?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, default: 1000, description: 'Most severe first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit?: number;

  @ApiPropertyOptional({
    enum: WARNING_MUTE_FILTERS,
    default: 'include',
    description:
      'Muted warnings: listed and marked (include), left out (exclude), or alone (only); before `limit` cuts the list',
  })
  @IsOptional()
  @IsIn(WARNING_MUTE_FILTERS)
  muted?: WarningMuteFilter;
}

/** The mute a warning is under (POST .../warnings/{code}/mute): it stays listed, marked. */
export class WarningMuteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MUTE_REASONS }) reason!: string;
  @ApiProperty({ format: 'date', description: 'The last day it holds (Europe/Brussels)' }) endDate!: string;
  @ApiProperty({ description: "Set on the organisation's warning code, not on this certificate" })
  organisationWide!: boolean;
}

export class WarningDto {
  @ApiProperty({ enum: WARNING_CODES }) code!: string;
  @ApiProperty({ enum: WARNING_SEVERITIES }) severity!: WarningSeverity;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiPropertyOptional({ description: 'Absent for warnings about the organisation itself' })
  certificateId?: string;
  @ApiProperty({ description: 'What is wrong and what to do, in English' }) message!: string;
  @ApiPropertyOptional({
    type: WarningMuteDto,
    description:
      'Present while the warning is muted (`muted=exclude` leaves them out, here as in GET /api/v1/warnings/groups)',
  })
  mute?: WarningMuteDto;
}
