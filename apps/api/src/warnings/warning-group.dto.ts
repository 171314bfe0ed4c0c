import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { WARNING_SEVERITIES, WarningMuteDto, type WarningSeverity } from './warning.dto.js';
import { WARNING_MUTE_FILTERS, type WarningMuteFilter } from './warning-mute-sql.js';
import { WARNING_CODES } from './warnings-sql.js';

export const WARNING_GROUPS_PAGE_DEFAULT = 20;
export const WARNING_GROUPS_PAGE_MAX = 200;
export const WARNING_GROUP_ITEMS_DEFAULT = 10;
export const WARNING_GROUP_ITEMS_MAX = 100;
/** Far beyond any real installation (10,000 organisations times 7 codes): an offset past it is a mistake. */
const OFFSET_MAX = 1_000_000;

export class ListWarningGroupsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One organisation; every one I can see when absent' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    enum: WARNING_CODES,
    isArray: true,
    description: 'Only these codes (comma-separated)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')),
  )
  @IsIn(WARNING_CODES, { each: true })
  @ArrayMaxSize(WARNING_CODES.length)
  code?: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: WARNING_GROUPS_PAGE_MAX,
    default: WARNING_GROUPS_PAGE_DEFAULT,
    description: 'Groups on this page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WARNING_GROUPS_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: OFFSET_MAX, default: 0, description: 'Groups to skip' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(OFFSET_MAX)
  offset?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: WARNING_GROUP_ITEMS_MAX,
    default: WARNING_GROUP_ITEMS_DEFAULT,
    description:
      'Of each group, how many of its warnings to name (soonest expiry first); `count` tells how many it has',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WARNING_GROUP_ITEMS_MAX)
  items?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: OFFSET_MAX,
    default: 0,
    description:
      'Of each group, how many warnings to skip: with organisationId and one code, pages through one group',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(OFFSET_MAX)
  itemsOffset?: number;

  @ApiPropertyOptional({
    enum: WARNING_MUTE_FILTERS,
    default: 'include',
    description: 'Muted warnings: listed and marked (include), left out (exclude), or alone (only)',
  })
  @IsOptional()
  @IsIn(WARNING_MUTE_FILTERS)
  muted?: WarningMuteFilter;
}

/** One warning of a group: the certificate it is about, or what it is about when not a certificate. */
export class WarningItemDto {
  @ApiProperty({ enum: WARNING_SEVERITIES }) severity!: WarningSeverity;
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent for warnings about the organisation itself' })
  certificateId?: string;
  @ApiPropertyOptional({ example: 'NIHII-AMBU_SERVICE' }) identifierType?: string;
  @ApiPropertyOptional({
    example: '79609977',
    description: 'An SSIN masked except for central administrators',
  })
  identifierValue?: string;
  @ApiPropertyOptional({ example: 'VITALINKGATEWAY' }) applicationId?: string;
  @ApiPropertyOptional({ example: 'AMBULANCES DE NAMUR' }) holderName?: string;
  @ApiPropertyOptional({ format: 'date-time' }) notAfter?: string;
  @ApiPropertyOptional({ description: 'Brussels calendar days to the expiry day (libs/domain daysLeft)' })
  daysLeft?: number;
  @ApiPropertyOptional({ description: 'MANAGER_LEFT: the manager who left' }) managerName?: string;
  @ApiPropertyOptional({ description: 'CONTACT_DELIVERY_FAILED: the address' }) contactEmail?: string;
  @ApiPropertyOptional({
    description:
      "CONTACT_DELIVERY_FAILED: the mail server's answer; ETK_DISCOVERY_FAILING: the depot's failure",
  })
  failure?: string;
  @ApiPropertyOptional({ description: 'PRODUCTION_LIMIT_EXCEEDED: production certificates in force' })
  used?: number;
  @ApiPropertyOptional({ description: 'PRODUCTION_LIMIT_EXCEEDED: how many eHealth allows' }) limit?: number;
  @ApiProperty({ description: 'What is wrong and what to do, in English' }) message!: string;
  @ApiPropertyOptional({ type: WarningMuteDto, description: 'Present while the warning is muted' })
  mute?: WarningMuteDto;
}

export class WarningGroupDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: WARNING_CODES }) code!: string;
  @ApiProperty({ enum: WARNING_SEVERITIES, description: 'The gravest of its warnings' })
  severity!: WarningSeverity;
  @ApiProperty({ description: 'Its warnings in all (certificates, addresses or holders)' }) count!: number;
  @ApiProperty({
    type: [WarningItemDto],
    description: 'The requested page of its warnings, soonest expiry first',
  })
  items!: WarningItemDto[];
}

export class WarningGroupPageDto {
  @ApiProperty({ type: [WarningGroupDto], description: 'Most severe first, then the soonest expiry' })
  groups!: WarningGroupDto[];
  @ApiProperty({ description: 'Groups in all, on every page' }) total!: number;
}
