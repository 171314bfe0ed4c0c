import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedDto {
  @ApiProperty({
    example: 'https://certdesk.example/calendar/2b1c.../Qm9n...ics',
    description: 'Subscribe to it in any calendar; it carries a secret: share it like a password',
  })
  url!: string;
}
