import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CalendarFeedDto {
  @ApiProperty({
    example: 'https://certdesk.example/calendar/2b1c.../Qm9n...ics',
    description: 'Subscribe to it in any calendar; it carries a secret: share it like a password',
  })
  url!: string;
  @ApiPropertyOptional({ description: "A label's feed: the label, as the organisation spells it" })
  label?: string;
}

export class CalendarFeedQueryDto {
  @ApiPropertyOptional({
    example: 'MyCareNet',
    description:
      "The URL of a feed of this label's certificates only (case-insensitive); 404 when the organisation has no such label",
  })
  @IsOptional()
  @IsString()
  label?: string;
}
