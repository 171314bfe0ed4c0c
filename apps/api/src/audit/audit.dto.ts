import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() certificateId?: string;
  @ApiPropertyOptional({
    example: 'renewal.*',
    description: 'An action (renewal.completed), or a prefix ending in * (renewal.*)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/^[a-z0-9.-]+\*?$/, {
    message: 'action: lower-case words joined by . or -, optionally ending in *',
  })
  action?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @Matches(/^[0-9]{1,19}$/, { message: 'cursor: pass back the nextCursor of the previous page' })
  cursor?: string;
}

export class VerifyAuditQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only this organisation's chain (seconds at most, where every chain of a national installation takes minutes); " +
      "another tenant's organisation answers 404",
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Increases with every event; a chain is ordered by it' }) id!: string;
  @ApiProperty({ description: "The chain: the organisation's id, or 'global'" }) chain!: string;
  @ApiProperty({ type: String, nullable: true }) organisationId!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Ambulances de Namur',
    description:
      "The organisation's name (null for the global chain). In GET /api/v1/audit; a certificate's own trail leaves it out",
  })
  organisationName?: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateId!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'NIHII-AMBU_SERVICE=79609977, VITALINKGATEWAY (AMBULANCES DE NAMUR)',
    description:
      "The certificate's identifier, application ID and holder (its subject when it is not an eHealth one; an SSIN " +
      'masked except for central administrators); null when the event is not about a certificate. In ' +
      "GET /api/v1/audit; a certificate's own trail leaves it out",
  })
  certificateLabel?: string | null;
  @ApiProperty({ type: String, nullable: true }) actorUserId!: string | null;
  @ApiProperty({ example: 'Jan Peeters <jan@example.be>' }) actorLabel!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ example: 'renewal.completed' }) action!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A signature given for the change (an eID-signed handover)',
  })
  signature!: Record<string, unknown> | null;
  @ApiProperty({ description: 'The hash of the event before it in its chain (64 zeros for the first)' })
  previousHash!: string;
  @ApiProperty({
    description:
      'HMAC-SHA-256 (hex) over this event, its content and previousHash, keyed with the audit key (AUDIT_KEY), which ' +
      'is not in the database; events written before Certdesk keyed its chains carry plain SHA-256',
  })
  hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' }) items!: AuditEventDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export class ChainBreakDto {
  @ApiProperty({ description: 'The first event that does not match (or the missing last one)' })
  eventId!: string;
  @ApiProperty({ example: 'its content does not match its hash' }) reason!: string;
}

export class ChainVerificationDto {
  @ApiProperty({ description: "The organisation's id, or 'global'" }) chain!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The organisation's name; null for the global chain (organisations, log-ins, reminder runs)",
  })
  organisationName!: string | null;
  @ApiProperty({ description: 'Events checked' }) events!: number;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({
    description:
      'The first events of the chain, hashed (plain SHA-256) before Certdesk keyed its chains; the keyed event after ' +
      'them vouches for them. Absent when there are none.',
  })
  unkeyedEvents?: number;
  @ApiPropertyOptional({ type: ChainBreakDto }) brokenAt?: ChainBreakDto;
}

export class AuditVerificationProgressDto {
  @ApiProperty({ description: 'Chains the verification checks' }) chainsTotal!: number;
  @ApiProperty({ description: 'Chains checked so far' }) chainsChecked!: number;
  @ApiProperty({ description: 'Events hashed again so far' }) eventsChecked!: number;
}

export class AuditVerificationStartedDto {
  @ApiProperty({ format: 'uuid', description: 'Follow it at GET /api/v1/audit/verifications/{id}' })
  id!: string;
}

export class AuditVerificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['queued', 'running', 'done', 'failed'],
    description: 'queued until an api replica takes it; done when every chain asked for is checked',
  })
  status!: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation whose chain alone it checks; null for every chain the log-in may verify',
  })
  organisationId!: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({
    type: AuditVerificationProgressDto,
    nullable: true,
    description: 'How far it went, written every half second while it runs; null before its first',
  })
  progress!: AuditVerificationProgressDto | null;
  @ApiProperty({
    type: [ChainVerificationDto],
    nullable: true,
    description: 'Once done: each chain, as POST /api/v1/audit/verify answers; null until then',
  })
  chains!: ChainVerificationDto[] | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it stopped, when it failed' })
  error!: string | null;
}
