import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { USER_ROLES, type UserRole } from '@certdesk/persistence';
import { queryRepeated } from '../common/query-repeated.js';

/** `GET /api/v1/users`: the log-ins I administer, optionally of one organisation or of some people. */
export class ListUsersQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the log-ins with a role in this organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 500,
    description:
      "Only these people's log-ins (repeat the parameter): the log-ins of one page of people. Another tenant's " +
      'person is not an error: they have no log-in I administer.',
  })
  @IsOptional()
  @Transform(queryRepeated)
  @IsUUID(undefined, { each: true })
  @ArrayMaxSize(500)
  personId?: string[];
}

/** The log-in password policy: long rather than complicated (NIST SP 800-63B). */
export const LOGIN_PASSWORD_MIN_LENGTH = 12;
export const LOGIN_PASSWORD_MAX_LENGTH = 1024;

export class RoleGrantDto {
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role!: UserRole;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Required except for central-admin',
  })
  @ValidateIf((grant: RoleGrantDto) => grant.role !== 'central-admin')
  @IsUUID()
  organisationId?: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'marie.dupont@ambulance-namur.be' }) @IsEmail() email!: string;
  @ApiPropertyOptional({ example: 'Marie Dupont', description: 'Required unless personId names the person' })
  @ValidateIf((dto: CreateUserDto) => dto.personId === undefined || dto.name !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The log-in is for this person, already one of your people (not with ssin): you must administer all their organisations',
  })
  @ValidateIf((dto: CreateUserDto) => dto.personId !== undefined)
  @IsUUID()
  personId?: string;
  @ApiPropertyOptional({
    format: 'password',
    minLength: LOGIN_PASSWORD_MIN_LENGTH,
    description: 'None: the user has no password yet (eID log-in, or send them a set-password link)',
  })
  // Not IsOptional, which would let a null through.
  @ValidateIf((dto: CreateUserDto) => dto.password !== undefined)
  @IsString()
  @Length(LOGIN_PASSWORD_MIN_LENGTH, LOGIN_PASSWORD_MAX_LENGTH)
  password?: string;
  @ApiPropertyOptional({
    description:
      'Mail the user a one-time link to choose their password (instead of giving one): valid 72 hours',
  })
  @IsOptional()
  @IsBoolean()
  sendSetPasswordLink?: boolean;
  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles!: RoleGrantDto[];
  @ApiPropertyOptional({ description: 'SSIN, for eID log-in' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  ssin?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) phone?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({
    type: [RoleGrantDto],
    description: 'Replaces the roles in the organisations you administer',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  roles?: RoleGrantDto[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ format: 'password', minLength: LOGIN_PASSWORD_MIN_LENGTH })
  @IsOptional()
  @IsString()
  @Length(LOGIN_PASSWORD_MIN_LENGTH, LOGIN_PASSWORD_MAX_LENGTH)
  password?: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'A password is set (false: eID only, or a set-password link not used yet)' })
  hasPassword!: boolean;
  @ApiProperty({ type: [RoleGrantDto] }) roles!: RoleGrantDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
}
