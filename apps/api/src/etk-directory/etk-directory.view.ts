import { etkKeystoreMatch } from '@certdesk/domain';
import type { EtkDiscoveryStateEntity, EtkPublicationEntity } from '@certdesk/persistence';
import type { EtkKeystoreEntry } from '@certdesk/domain';
import type { EtkDiscoveryStateDto, EtkPublicationDto } from './etk-directory.dto.js';

/** A publication as the api answers it; its keystore match is libs/domain's, from the keystore's entries now. */
export function publicationDto(
  publication: EtkPublicationEntity,
  keystoreEntries: EtkKeystoreEntry[] | null,
): EtkPublicationDto {
  return {
    identifierType: publication.identifierType,
    identifierValue: publication.identifierValue,
    applicationId: publication.applicationId,
    environment: publication.environment,
    encryptionCertificate: {
      serialNumber: publication.encryptionSerialNumber,
      sha256Fingerprint: publication.encryptionFingerprint,
      notAfter: publication.encryptionNotAfter.toISOString(),
    },
    authenticationCertificate: {
      serialNumber: publication.authenticationSerialNumber,
      sha256Fingerprint: publication.authenticationFingerprint,
      notAfter: publication.authenticationNotAfter.toISOString(),
    },
    certificateId: publication.certificateId,
    keystoreMatch: etkKeystoreMatch(
      { alias: publication.encryptionAlias, sha256Fingerprint: publication.encryptionFingerprint },
      keystoreEntries,
    ),
    firstSeenAt: publication.firstSeenAt.toISOString(),
    lastSeenAt: publication.lastSeenAt.toISOString(),
    withdrawnAt: publication.withdrawnAt?.toISOString() ?? null,
  };
}

export function discoveryStateDto(state: EtkDiscoveryStateEntity | null): EtkDiscoveryStateDto | null {
  if (!state) return null;
  return {
    lastAttemptAt: state.lastAttemptAt.toISOString(),
    lastSuccessAt: state.lastSuccessAt?.toISOString() ?? null,
    lastTrigger: state.lastTrigger,
    failure:
      state.failureCode && state.failedAt
        ? { code: state.failureCode, message: state.failureMessage ?? '', at: state.failedAt.toISOString() }
        : null,
    consecutiveFailures: state.consecutiveFailures,
  };
}
