import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { DemoDto } from './demo.dto.js';
import { GetDemoQuery } from './demo.query.js';

/** The demo `npm start` runs: what its log-in page shows a newcomer. */
@ApiTags('demo')
@Controller('api/v1/demo')
export class DemoController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: "The demo's log-ins (one per role) and eID cards, for the log-in page",
    description:
      'Only when the api runs the demo (DEMO=true, set by `npm start` with its demo data; refused with ' +
      'NODE_ENV=production). The passwords listed are the demo’s published ones; a central administrator is listed ' +
      'only while ADMIN_PASSWORD is the demo’s.',
  })
  @ApiOkResponse({ type: DemoDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: this installation is not the demo' })
  show(): Promise<DemoDto> {
    return this.queries.execute(new GetDemoQuery());
  }
}
