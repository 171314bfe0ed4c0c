import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { LoginResponseDto } from '../auth/auth.dto.js';
import { Public } from '../auth/public.decorator.js';
import { EidLoginCommand } from './eid-login/eid-login.command.js';
import { EidChallengeDto, EidLoginDto } from './eid.dto.js';
import { IssueChallengeCommand } from './issue-challenge/issue-challenge.command.js';

/** Log-in with the Belgian eID through the card-bridge (Web eID style; docs/api.md). */
@ApiTags('auth')
@Controller('api/v1/auth/eid')
export class EidController {
  constructor(private readonly commands: CommandBus) {}

  @Public()
  @Post('challenge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A nonce for the card-bridge to sign with the eID Authentication key (single use, 5 minutes)',
    description:
      'Stateless: the nonce carries its expiry and an HMAC only this installation can make, so issuing one writes ' +
      'nothing; the log-in checks both and records the nonce as used.',
  })
  @ApiOkResponse({ type: EidChallengeDto })
  @ApiServiceUnavailableResponse({ description: 'EID_NOT_CONFIGURED' })
  challenge(): Promise<EidChallengeDto> {
    return this.commands.execute(new IssueChallengeCommand());
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: "Log in with the card-bridge's authentication token over a challenge; returns a bearer token",
    description:
      'The api rebuilds what was signed from its own origin (PUBLIC_URL) and the nonce, then checks the signature, the ' +
      'chain to the eID trust anchors, the key usage, the validity, and logs in the user whose person has the SSIN. ' +
      'When the card opens several log-ins (one per organisation that created one), it answers 409 ' +
      'ACCOUNT_CHOICE_REQUIRED with them, leaves the challenge unused, and the same answer is sent again with `userId`.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description:
      'EID_NONCE_UNKNOWN, EID_NONCE_EXPIRED, EID_NONCE_REUSED, EID_ORIGIN_MISMATCH, EID_SIGNATURE_INVALID, ' +
      'EID_CHAIN_UNTRUSTED, EID_CERTIFICATE_EXPIRED, EID_WRONG_KEY_USAGE, EID_CERTIFICATE_UNREADABLE, EID_NO_SSIN, ' +
      'EID_SSIN_INVALID, EID_SSIN_AMBIGUOUS, EID_NO_USER',
  })
  login(@Body() body: EidLoginDto, @Headers('origin') origin?: string): Promise<LoginResponseDto> {
    return this.commands.execute(new EidLoginCommand(body.nonce, body.token, origin, body.userId));
  }
}
