import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  CERTIFICATE_STATUSES,
  MAX_LABEL_LENGTH,
  MAX_LABELS_PER_CERTIFICATE,
  MAX_REMINDER_MILESTONE,
} from '@certdesk/domain';
import { CERTIFICATE_STATES } from '@certdesk/persistence';
import { queryBoolean } from '../../common/query-boolean.js';
import { queryRepeated } from '../../common/query-repeated.js';
import { CertificateDto } from '../certificate.dto.js';
import { CERTIFICATE_SORTS } from './certificate-list-sql.js';

export const ENVIRONMENTS = ['production', 'acceptance', 'unknown'] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?status=valid&status=renewable` and `?status=valid,renewable` alike. */
const toList = ({ value }: { value: unknown }): unknown =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : [value]).flatMap((v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [v],
      );

export class CertificateFiltersDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;

  @ApiPropertyOptional({
    enum: CERTIFICATE_STATUSES,
    isArray: true,
    description: 'One or several (repeat the parameter or separate with commas)',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(CERTIFICATE_STATUSES, { each: true })
  @ArrayMaxSize(CERTIFICATE_STATUSES.length)
  status?: string[];

  @ApiPropertyOptional({ isArray: true, type: String, example: ['NIHII-AMBU_SERVICE'] })
  @IsOptional()
  @Transform(toList)
  @Matches(/^[A-Z][A-Z0-9_-]{0,39}$/, { each: true })
  @ArrayMaxSize(50)
  identifierType?: string[];

  @ApiPropertyOptional({ enum: ENVIRONMENTS, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsIn(ENVIRONMENTS, { each: true })
  @ArrayMaxSize(ENVIRONMENTS.length)
  environment?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The certificate manager (a person)' })
  @IsOptional()
  @IsUUID()
  managerId?: string;

  @ApiPropertyOptional({
    description: 'Not expired and at most this many days left (Europe/Brussels calendar days)',
    minimum: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10 * MAX_REMINDER_MILESTONE)
  expiresWithinDays?: number;

  @ApiPropertyOptional({ enum: CERTIFICATE_STATES, isArray: true, default: ['active'] })
  @IsOptional()
  @Transform(toList)
  @IsIn(CERTIFICATE_STATES, { each: true })
  @ArrayMaxSize(CERTIFICATE_STATES.length)
  state?: string[];

  @ApiPropertyOptional({
    description: 'Case-insensitive text in the subject DN, the identifier value or the holder name',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    isArray: true,
    type: String,
    example: ['MyCareNet'],
    description:
      'Certificates carrying every one of these labels (case-insensitive; repeat the parameter for several)',
  })
  @IsOptional()
  @Transform(queryRepeated)
  @IsString({ each: true })
  @MaxLength(MAX_LABEL_LENGTH, { each: true })
  @ArrayMaxSize(MAX_LABELS_PER_CERTIFICATE)
  label?: string[];

  @ApiPropertyOptional({
    enum: ['ready', 'not-ready'],
    description: 'Active certificates whose renewal readiness is ready (every condition met), or is not',
  })
  @IsOptional()
  @IsIn(['ready', 'not-ready'])
  readiness?: 'ready' | 'not-ready';
}

export class ListCertificatesQueryDto extends CertificateFiltersDto {
  @ApiPropertyOptional({ enum: CERTIFICATE_SORTS, default: 'notAfter' })
  @IsOptional()
  @IsIn(CERTIFICATE_SORTS)
  sort?: (typeof CERTIFICATE_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  direction?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "The previous answer's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'false: `total` is null instead of counted (every match read again): for the later pages of a list whose total the first page gave',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  count?: boolean;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'csv: every matching certificate (not one page) as CSV; so does `Accept: text/csv`',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** A certificate in the list: as every answer shows it, and whether its renewal is ready. */
export class CertificateListItemDto extends CertificateDto {
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      'Renewal readiness (every condition of GET /api/v1/certificates/:id readiness met); null when not active',
  })
  ready!: boolean | null;
}

export class CertificatePageDto {
  @ApiProperty({ type: [CertificateListItemDto] }) items!: CertificateListItemDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'How many certificates match, on every page; null when asked not to count (`count=false`)',
  })
  total!: number | null;
}
