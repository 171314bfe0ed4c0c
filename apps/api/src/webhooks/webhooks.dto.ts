import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, WEBHOOK_LANGUAGES } from '@certdesk/contracts';
import { MAX_WEBHOOK_URL_LENGTH } from '@certdesk/domain';

const NAME_MAX = 100;

// ---- Inputs ----------------------------------------------------------------------------------------------

export class CreateWebhookDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      "The organisation whose events it receives; null: every organisation's (central administrators)",
  })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  organisationId!: string | null;
  @ApiProperty({ maxLength: NAME_MAX, example: 'Service desk' })
  @IsString()
  @Length(1, NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;
  @ApiProperty({
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    example: 'https://hooks.example.org/certdesk',
    description: 'http(s); loopback and private addresses only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=on',
  })
  @IsString()
  @Length(1, MAX_WEBHOOK_URL_LENGTH)
  url!: string;
  @ApiProperty({
    enum: WEBHOOK_FORMATS,
    description: 'json: signed JSON; teams: an Adaptive Card for Teams Workflows',
  })
  @IsIn(WEBHOOK_FORMATS)
  format!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: string[];
  @ApiPropertyOptional({
    enum: WEBHOOK_LANGUAGES,
    nullable: true,
    description: "A Teams card's language; null or left out: the organisation's first language",
  })
  @IsOptional()
  @IsIn(WEBHOOK_LANGUAGES)
  language?: string | null;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: NAME_MAX })
  @IsOptional()
  @IsString()
  @Length(1, NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;
  @ApiPropertyOptional({ maxLength: MAX_WEBHOOK_URL_LENGTH })
  @IsOptional()
  @IsString()
  @Length(1, MAX_WEBHOOK_URL_LENGTH)
  url?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS }) @IsOptional() @IsIn(WEBHOOK_FORMATS) format?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: string[];
  @ApiPropertyOptional({ enum: WEBHOOK_LANGUAGES, nullable: true })
  @IsOptional()
  @IsIn([...WEBHOOK_LANGUAGES, null])
  language?: string | null;
  @ApiPropertyOptional({
    description: 'true enables a disabled webhook again (its failure count starts over)',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** How long a rotated secret stays valid, signing deliveries beside the new one (docs/webhooks.md). */
export const MAX_PREVIOUS_SECRET_HOURS = 168;
export const DEFAULT_PREVIOUS_SECRET_HOURS = 24;

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PREVIOUS_SECRET_HOURS,
    default: DEFAULT_PREVIOUS_SECRET_HOURS,
    description:
      'Hours the replaced secret still signs deliveries beside the new one, while the receiver is updated; ' +
      '0 drops it at once (a leaked secret)',
  })
  // Left out: the default. null is refused rather than read as "none" or as the default: 0 must be meant.
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_PREVIOUS_SECRET_HOURS)
  keepPreviousForHours?: number;
}

export class ListWebhooksQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this organisation's webhooks" })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

// ---- Outputs ---------------------------------------------------------------------------------------------

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: installation-wide' })
  organisationId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({
    description:
      "The receiver's URL, its query string's values hidden ('…'): Teams Workflows URLs carry their signature there",
  })
  url!: string;
  @ApiProperty({ enum: WEBHOOK_FORMATS }) format!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: string[];
  @ApiProperty({ enum: WEBHOOK_LANGUAGES, nullable: true }) language!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it is disabled: "failures" (disabled automatically) or "administrator"',
  })
  disabledReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: string | null;
  @ApiProperty({ description: 'Attempts in a row that failed; WEBHOOK_DISABLE_AFTER of them disable it' })
  consecutiveFailures!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Until when deliveries are also signed with the secret the last rotation replaced; null: the current secret only',
  })
  previousSecretValidUntil!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) webhooks!: WebhookDto[];
}

/** The only answers that carry the signing secret: creation and rotation. */
export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (Standard Webhooks): shown this once, never again',
  })
  secret!: string;
}

export class WebhookAttemptDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why no answer came (timeout, refused address...)',
  })
  error!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The answer's first 200 characters" })
  responseExcerpt!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ description: 'The webhook-id header: the same on every attempt' }) id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) eventType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId!: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'skipped'] }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next retry is due',
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [WebhookAttemptDto] }) attemptLog!: WebhookAttemptDto[];
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Newest first' }) deliveries!: WebhookDeliveryDto[];
}
