import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { MAX_LABEL_LENGTH } from '@certdesk/domain';

export class AddLabelDto {
  @ApiProperty({
    example: 'MyCareNet',
    maxLength: MAX_LABEL_LENGTH,
    description:
      "Trimmed; case-insensitive: the organisation's existing spelling of the label is kept. 422 INVALID_LABEL " +
      'when empty, too long or holding control characters; 422 TOO_MANY_LABELS past 20 on one certificate.',
  })
  @IsString()
  label!: string;
}

export class ListLabelsQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "One organisation's labels; otherwise every one I can see",
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class LabelDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Labels are per organisation' }) organisationId!: string;
  @ApiProperty({ example: 'site Namur' }) name!: string;
  @ApiProperty({ description: 'Active certificates carrying it' }) certificates!: number;
}

export class LabelListDto {
  @ApiProperty({ type: [LabelDto] }) labels!: LabelDto[];
}
