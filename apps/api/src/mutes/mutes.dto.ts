import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { MAX_MUTE_DAYS, MUTE_LAPSES, MUTE_NOTE_MAX, MUTE_REASONS, type MuteReason } from '@certdesk/domain';

export class MuteInputDto {
  @ApiProperty({
    enum: MUTE_REASONS,
    description:
      'retired (no longer used), replaced (by replacedByCertificateId), handled-by-integrator, other (say why in note)',
  })
  @IsIn(MUTE_REASONS)
  reason!: MuteReason;

  @ApiProperty({
    format: 'date',
    example: '2026-06-30',
    description: `The last day the mute holds (Europe/Brussels): after today, at most ${MAX_MUTE_DAYS} days ahead`,
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endDate must be a date (YYYY-MM-DD)' })
  endDate!: string;

  @ApiPropertyOptional({ maxLength: MUTE_NOTE_MAX, description: 'Required when the reason is other' })
  @IsOptional()
  @IsString()
  @Length(0, MUTE_NOTE_MAX)
  note?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'With reason replaced: the certificate of the same organisation that replaces this one',
  })
  @IsOptional()
  @IsUUID()
  replacedByCertificateId?: string;
}

export class MutedByDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

/** A mute in force: it never hides the certificate, it only silences its reminders (or one warning). */
export class MuteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for an organisation warning',
  })
  certificateId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The muted warning's code; null when the certificate's reminders are muted",
  })
  warningCode!: string | null;
  @ApiProperty({ enum: MUTE_REASONS }) reason!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) replacedByCertificateId!: string | null;
  @ApiProperty({ format: 'date', description: 'The last day it holds (Europe/Brussels)' }) endDate!: string;
  @ApiProperty({ format: 'date-time', description: 'The instant it ends by itself' }) until!: string;
  @ApiProperty({ type: MutedByDto, nullable: true, description: 'Null once that user was deleted' })
  mutedBy!: MutedByDto | null;
  @ApiProperty({ format: 'date-time' }) mutedAt!: string;
}

/** A mute of a certificate's history: in force, or lapsed and why (unmuted, end date passed, renewed, revoked). */
export class MuteHistoryEntryDto extends MuteDto {
  @ApiProperty({ enum: ['in-force', ...MUTE_LAPSES] }) state!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When it was unmuted, or its end date ran out; null while in force or when renewal or revocation ended it',
  })
  endedAt!: string | null;
  @ApiProperty({ type: MutedByDto, nullable: true, description: 'Who unmuted it' })
  unmutedBy!: MutedByDto | null;
}

export class MutedCertificateRefDto {
  @ApiProperty({ type: String, nullable: true, example: 'NIHII-AMBU_SERVICE' }) identifierType!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: '79609977' }) identifierValue!: string | null;
  @ApiProperty({ type: String, nullable: true }) applicationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) holderName!: string | null;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
}

export class MuteInForceDto extends MuteDto {
  @ApiProperty({
    type: MutedCertificateRefDto,
    nullable: true,
    description: 'Null for an organisation warning',
  })
  certificate!: MutedCertificateRefDto | null;
}

export class MutesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One organisation; every one I can see when absent' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

/** The mutes in force, so nobody forgets them (the overview's muted section). */
export class MutesInForceDto {
  @ApiProperty({ description: 'How many mutes are in force' }) total!: number;
  @ApiProperty({ type: [MuteInForceDto], description: 'Those ending soonest first (at most 100)' })
  mutes!: MuteInForceDto[];
}
