import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { EvidenceKeyDto } from './evidence.dto.js';
import { EvidenceSigningKeys } from './evidence-signing-keys.js';

/** The installation's public evidence key: public, so an auditor without an account can pin it. */
@ApiTags('evidence')
@Controller('api/v1/installation')
export class InstallationKeyController {
  constructor(private readonly keys: EvidenceSigningKeys) {}

  @Get('evidence-key')
  @Public()
  @ApiOperation({
    summary: 'The public key evidence packs are signed with, and its fingerprint (no log-in needed)',
    description:
      'Pin the fingerprint once (e.g. in the audit file), then check every pack against it offline.',
  })
  @ApiOkResponse({ type: EvidenceKeyDto })
  async evidenceKey(): Promise<EvidenceKeyDto> {
    const key = await this.keys.key();
    return {
      algorithm: 'Ed25519',
      publicKey: key.publicKeyPem,
      fingerprint: key.fingerprint,
      source: key.source,
      createdAt: key.createdAt ? new Date(key.createdAt).toISOString() : null,
    };
  }
}
