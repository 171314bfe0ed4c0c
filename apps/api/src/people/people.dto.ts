import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORGANISATION_ROLES, type OrganisationRole } from '@certdesk/persistence';
import { ByNamePageQueryDto } from '../common/by-name-page-query.dto.js';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `GET /api/v1/people`: every person I can see, or one page of them, optionally filtered and searched. */
export class ListPeopleQueryDto extends ByNamePageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the people of this organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_ROLES, description: 'Only the people with this role' })
  @IsOptional()
  @IsIn(ORGANISATION_ROLES)
  role?: OrganisationRole;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Case-insensitive text in the name or the e-mail address',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class MembershipInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId!: string;
  @ApiPropertyOptional({ default: true, description: 'Still works there' })
  @IsOptional()
  @IsBoolean()
  employed?: boolean;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'The day they left (YYYY-MM-DD, Brussels; not in the future). Implies employed: false. Leaving without it records today.',
  })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'leftOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'leftOn must be a date that exists (YYYY-MM-DD)' })
  leftOn?: string | null;
  @ApiPropertyOptional({ enum: ORGANISATION_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ORGANISATION_ROLES, { each: true })
  roles?: OrganisationRole[];
}

export class CreatePersonDto {
  @ApiProperty({ example: 'Jan Peeters' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ description: 'SSIN (national register or BIS number)' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  ssin?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) phone?: string;
  @ApiProperty({ type: [MembershipInputDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipInputDto)
  memberships!: MembershipInputDto[];
}

export class UpdatePersonDto {
  // ValidateIf instead of IsOptional where null is no value: IsOptional would let a null name through.
  @ApiPropertyOptional()
  @ValidateIf((dto: UpdatePersonDto) => dto.name !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  ssin?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it' })
  @IsOptional()
  @IsEmail()
  email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  phone?: string | null;
  @ApiPropertyOptional({ type: [MembershipInputDto], description: 'Sets these memberships (others stay)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipInputDto)
  memberships?: MembershipInputDto[];
}

export class MembershipDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() employed!: boolean;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The day they left, when employed is false and the day is known',
  })
  leftOn!: string | null;
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true }) roles!: string[];
}

export class PersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Masked (850101-***-**) except to the person and central administrators',
  })
  ssin!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: [MembershipDto] }) memberships!: MembershipDto[];
  @ApiProperty({ description: 'The person logs in to Certdesk' }) hasUser!: boolean;
}
