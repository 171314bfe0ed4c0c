import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MAX_LABEL_LENGTH } from '@certdesk/domain';
import { PageLimit } from '../common/page-query.js';

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

export class ListLabelNamesQueryDto extends ListLabelsQueryDto {
  @ApiPropertyOptional({
    maxLength: MAX_LABEL_LENGTH,
    description: 'Only the labels whose name holds this text, whatever its case (`%` and `_` are themselves)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LABEL_LENGTH)
  q?: string;

  @PageLimit('At most this many names, by key. Without it, every one.')
  limit?: number;
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

export class LabelNameDto {
  @ApiProperty({
    description: 'What the list filter takes (libs/domain labelKey): one per label, whatever its spelling',
  })
  key!: string;
  @ApiProperty({
    example: 'site Namur',
    description: 'As the first organisation (by id) that has it spells it',
  })
  name!: string;
}

export class LabelNameListDto {
  @ApiProperty({ type: [LabelNameDto] }) names!: LabelNameDto[];
}
