import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ByNamePageQueryDto } from '../common/by-name-page-query.dto.js';

export const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** `GET /api/v1/organisations`: every organisation, or one page of them, optionally searched. */
export class ListOrganisationsQueryDto extends ByNamePageQueryDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Case-insensitive text in the name or in an identifier value; an identifier may be written with dots, ' +
      'spaces or dashes (0123.456.789 finds 0123456789)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class IdentifierInputDto {
  @ApiProperty({ example: 'NIHII-AMBU_SERVICE' }) @IsString() @Matches(/^[A-Z0-9_-]{2,40}$/) type!: string;
  @ApiProperty({ example: '79609977' }) @IsString() @Length(1, 40) value!: string;
}

export class ContactInputDto {
  @ApiProperty({ example: 'info@ambulance-namur.be' }) @IsEmail() email!: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: Language;
  @ApiProperty({ description: 'A generic address (info@...) that outlives the people who leave' })
  @IsBoolean()
  generic!: boolean;
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Ambulances de Namur' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ type: [IdentifierInputDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IdentifierInputDto)
  identifiers!: IdentifierInputDto[];
  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true, default: ['fr', 'nl'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];
  @ApiPropertyOptional({ type: [ContactInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContactInputDto)
  contacts?: ContactInputDto[];
  @ApiPropertyOptional({ type: [Number], example: [90, 60, 30, 14, 7, 3, 1, 0] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsInt({ each: true })
  reminderMilestones?: number[];
  @ApiPropertyOptional({ description: "Copy the certificate's manager on reminders" })
  @IsOptional()
  @IsBoolean()
  managerInCopy?: boolean;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: [IdentifierInputDto], description: 'Replaces the list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IdentifierInputDto)
  identifiers?: IdentifierInputDto[];
  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];
  @ApiPropertyOptional({ type: [ContactInputDto], description: 'Replaces the list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContactInputDto)
  contacts?: ContactInputDto[];
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsInt({ each: true })
  reminderMilestones?: number[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() managerInCopy?: boolean;
}

export class IdentifierDto {
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'Normalised (digits only)' }) value!: string;
  @ApiProperty({ description: 'libs/domain knows this identifier type' }) knownType!: boolean;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      'true: check digits hold; false: they fail or could not be verified (modulo-89 NIHII); null: no check rule',
  })
  checkDigitsValid!: boolean | null;
}

export class ContactDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: LANGUAGES }) language!: string;
  @ApiProperty() generic!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Mail to it failed permanently',
  })
  deliveryFailedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) deliveryFailure!: string | null;
}

export class OrganisationNameDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class OrganisationDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [IdentifierDto] }) identifiers!: IdentifierDto[];
  @ApiProperty({ enum: LANGUAGES, isArray: true }) languages!: string[];
  @ApiProperty({ type: [ContactDto] }) contacts!: ContactDto[];
  @ApiProperty({ type: [Number] }) reminderMilestones!: number[];
  @ApiProperty() managerInCopy!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
