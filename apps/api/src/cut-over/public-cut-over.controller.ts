import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ConfirmCutOverCommand, ReadCutOverLinkQuery } from './cut-over.commands.js';
import { CutOverLinkDto } from './cut-over.dto.js';
import { CutOverRateLimit } from './cut-over-rate-limit.guard.js';

const TOKEN = { name: 'token', description: 'The token of the mailed link (after `#token=`)' };
const UNKNOWN = {
  description: 'NOT_FOUND: an unknown, malformed or forged token, or one of another kind of link',
};
const GONE = {
  description:
    'CUT_OVER_LINK_EXPIRED (ask the organisation for a new one), CUT_OVER_LINK_CLOSED (an administrator closed ' +
    'the cut-over): nothing is changed',
};
const LIMITED = {
  description: 'TOO_MANY_REQUESTS: too many link requests from this address; Retry-After says when',
};

/**
 * The personal link each deployment's contact gets after phase 3 of a renewal: no account, the token is the key, and
 * it is good for one deployment's confirmation only.
 */
@ApiTags('cut-over')
@Controller('api/v1/cut-over')
@CutOverRateLimit()
export class PublicCutOverController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiOperation({
    summary: 'What a cut-over link asks to confirm: the system, the organisation and the new certificate',
  })
  @ApiParam(TOKEN)
  @ApiOkResponse({ type: CutOverLinkDto })
  @ApiNotFoundResponse(UNKNOWN)
  @ApiGoneResponse(GONE)
  @ApiTooManyRequestsResponse(LIMITED)
  read(@Param('token') token: string): Promise<CutOverLinkDto> {
    return this.queries.execute(new ReadCutOverLinkQuery(token));
  }

  @Public()
  @Post(':token/confirm')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Confirm that the new keystore is installed in this system (once)' })
  @ApiParam(TOKEN)
  @ApiOkResponse({ type: CutOverLinkDto, description: 'Confirmed: `state` is `confirmed`' })
  @ApiConflictResponse({ description: 'CUT_OVER_ALREADY_CONFIRMED: confirmed before; nothing is changed' })
  @ApiNotFoundResponse(UNKNOWN)
  @ApiGoneResponse(GONE)
  @ApiTooManyRequestsResponse(LIMITED)
  confirm(@Param('token') token: string): Promise<CutOverLinkDto> {
    return this.commands.execute(new ConfirmCutOverCommand(token));
  }
}
