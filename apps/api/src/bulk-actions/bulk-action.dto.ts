import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_BULK_CERTIFICATES, MAX_LABEL_LENGTH } from '@certdesk/domain';
import { CertificateDto } from '../certificates/certificate.dto.js';
import { MuteInputDto } from '../mutes/mutes.dto.js';

export const BULK_ACTIONS = [
  'assign-manager',
  'add-label',
  'remove-label',
  'set-keystore-location',
  'mute',
] as const;
export type BulkActionName = (typeof BULK_ACTIONS)[number];

/** Where the selected certificates' keystores now are: the PC and folder; each keeps its own file name. */
export class BulkKeystorePlaceDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'PC-ACCUEIL-02', description: 'The PC' })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  host?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'D:\\keystores' })
  @IsOptional()
  @IsString()
  @Length(0, 4096)
  path?: string | null;
}

export class BulkActionDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_BULK_CERTIFICATES,
    description:
      'The selection, each once. One unknown or not mine: 404 and nothing changes; all are changed or none.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_CERTIFICATES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  certificateIds!: string[];

  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action!: BulkActionName;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "assign-manager: a person of each certificate's organisation who still works there",
  })
  @ValidateIf((dto: BulkActionDto) => dto.action === 'assign-manager')
  @IsUUID()
  managerId?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'assign-manager: why (kept in each audit event)' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;

  @ApiPropertyOptional({
    maxLength: MAX_LABEL_LENGTH,
    example: 'site Namur',
    description: 'add-label, remove-label',
  })
  @ValidateIf((dto: BulkActionDto) => dto.action === 'add-label' || dto.action === 'remove-label')
  @IsString()
  label?: string;

  @ApiPropertyOptional({ type: BulkKeystorePlaceDto, description: 'set-keystore-location' })
  @ValidateIf((dto: BulkActionDto) => dto.action === 'set-keystore-location')
  @IsObject()
  @ValidateNested()
  @Type(() => BulkKeystorePlaceDto)
  keystore?: BulkKeystorePlaceDto;

  @ApiPropertyOptional({
    type: MuteInputDto,
    description:
      "mute: each certificate's reminders, with this reason and end date (as POST /certificates/{id}/mute)",
  })
  @ValidateIf((dto: BulkActionDto) => dto.action === 'mute')
  @IsObject()
  @ValidateNested()
  @Type(() => MuteInputDto)
  mute?: MuteInputDto;
}

export class BulkResultDto {
  @ApiProperty({ enum: BULK_ACTIONS }) action!: string;
  @ApiProperty({ description: 'Certificates the action changed (the others already were so)' })
  changed!: number;
  @ApiProperty({ type: [CertificateDto], description: 'Every selected certificate as it now is' })
  certificates!: CertificateDto[];
}
