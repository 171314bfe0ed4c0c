import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  @ApiProperty({ example: 'Marie Dupont' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ format: 'password', minLength: 12 }) @IsString() @Length(12, 1024) password!: string;
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
  @ApiPropertyOptional({ format: 'password', minLength: 12 })
  @IsOptional()
  @IsString()
  @Length(12, 1024)
  password?: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ type: [RoleGrantDto] }) roles!: RoleGrantDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
}
