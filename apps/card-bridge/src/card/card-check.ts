// "Check my card": judges what the middleware and the card said (EidCard.readForCheck) and says plainly what will not
// work before a renewal step or a handover signature. Only what the eHealth manuals and the card itself support is
// claimed; where Certdesk cannot know (which tool version takes an EC card), it says so.
import type {
  CardAppletKeyType,
  CardCertificateDto,
  CardCheckCertificateDto,
  CardCheckDto,
  CardCheckProblemDto,
  CardCheckSeverity,
} from '@certdesk/contracts';
import type { CardCheckReading } from './eid-card.js';

const SEVERITY_ORDER: Record<CardCheckSeverity, number> = { blocking: 0, warning: 1, note: 2 };

const day = (iso: string) => iso.slice(0, 10);

export interface CardCheckContext {
  modulePath: string;
  moduleFound: boolean;
  now: Date;
  mustStayValidUntil: Date | null;
}

export function judgeCardCheck(reading: CardCheckReading, context: CardCheckContext): CardCheckDto {
  const { now, mustStayValidUntil } = context;
  const problems: CardCheckProblemDto[] = [];
  const { moduleInfo, readers } = reading;
  const version = (v: { major: number; minor: number }) => `${v.major}.${v.minor}`;
  const middleware = {
    modulePath: context.modulePath,
    found: context.moduleFound,
    manufacturer: moduleInfo ? moduleInfo.manufacturerID.trim() : null,
    libraryDescription: moduleInfo ? moduleInfo.libraryDescription.trim() : null,
    libraryVersion: moduleInfo ? version(moduleInfo.libraryVersion) : null,
    cryptokiVersion: moduleInfo ? version(moduleInfo.cryptokiVersion) : null,
  };

  if (!moduleInfo) {
    problems.push({
      code: 'MIDDLEWARE_UNAVAILABLE',
      severity: 'blocking',
      message: `The eID middleware is not installed or cannot be loaded (${context.modulePath}): install the Belgian eID software (eid.belgium.be).`,
    });
  } else {
    problems.push({
      code: 'MIDDLEWARE_VERSION_NOT_CHECKED',
      severity: 'note',
      message: `The eID middleware is ${middleware.libraryDescription || middleware.manufacturer} version ${middleware.libraryVersion}. Which version the eHealth certificate tool needs is not known to Certdesk: the eHealth manuals ask for the current eID software (eid.belgium.be).`,
    });
    if (readers.length === 0) {
      problems.push({
        code: 'NO_READER',
        severity: 'blocking',
        message: 'No card reader was found: connect a reader.',
      });
    } else if (!reading.card) {
      problems.push({
        code: 'NO_CARD',
        severity: 'blocking',
        message: 'No eID card is in the reader: insert the card.',
      });
    }
  }

  const found = reading.card;
  let appletKeyType: CardAppletKeyType | null = null;
  let appletKeyTypeSource: 'signature-key' | 'signature-certificate' | null = null;
  const certificates: CardCheckCertificateDto[] = [];
  if (found) {
    const { card } = found;
    if (found.pin === 'blocked')
      problems.push({
        code: 'PIN_BLOCKED',
        severity: 'blocking',
        message:
          'The eID PIN is blocked after too many wrong tries: it can be unblocked with the PUK code at the commune.',
      });
    else if (found.pin === 'last-try')
      problems.push({
        code: 'PIN_LAST_TRY',
        severity: 'warning',
        message: 'One PIN try is left before the PIN is blocked: type it carefully.',
      });
    else if (found.pin === 'few-left')
      problems.push({
        code: 'PIN_FEW_TRIES_LEFT',
        severity: 'warning',
        message: 'Few PIN tries are left before the PIN is blocked.',
      });

    const held = [
      card.certificates.authentication,
      card.certificates.signature,
      card.certificates.ca,
      card.certificates.root,
    ].filter((certificate): certificate is CardCertificateDto => certificate !== null);
    for (const certificate of held) {
      certificates.push(judgeCertificate(certificate, now, mustStayValidUntil, problems));
    }
    if (!card.certificates.signature) {
      problems.push({
        code: 'CERTIFICATE_MISSING',
        severity: 'blocking',
        certificate: 'Signature',
        message: 'The card has no Signature certificate: it cannot sign the eHealth requests nor a handover.',
      });
    }

    if (found.signatureKeyType === 'RSA' || found.signatureKeyType === 'EC') {
      appletKeyType = found.signatureKeyType;
      appletKeyTypeSource = 'signature-key';
    } else if (card.certificates.signature) {
      const algorithm = card.certificates.signature.keyAlgorithm;
      appletKeyType = algorithm.startsWith('RSA') ? 'RSA' : algorithm.startsWith('EC') ? 'EC' : null;
      appletKeyTypeSource = appletKeyType ? 'signature-certificate' : null;
    }
    if (appletKeyType === 'EC') {
      problems.push({
        code: 'EC_CARD_TOOL_SUPPORT_NOT_KNOWN',
        severity: 'note',
        message:
          'This is an EC card (elliptic-curve keys, as on eID cards since 2020). Which versions of the eHealth certificate tool accept EC cards is not known to Certdesk: use the current version of the tool, of Java and of the eID software, as the eHealth manuals ask.',
      });
    }
  }

  problems.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    checkedAt: now.toISOString(),
    mustStayValidUntil: mustStayValidUntil?.toISOString() ?? null,
    middleware,
    readers,
    tokenPresent: found !== null,
    card: found && {
      tokenLabel: found.card.tokenLabel,
      tokenSerialNumber: found.card.tokenSerialNumber,
      holder: found.card.holder,
      appletKeyType,
      appletKeyTypeSource,
      certificates,
    },
    problems,
    ready: !problems.some((problem) => problem.severity === 'blocking'),
  };
}

function judgeCertificate(
  certificate: CardCertificateDto,
  now: Date,
  mustStayValidUntil: Date | null,
  problems: CardCheckProblemDto[],
): CardCheckCertificateDto {
  const { label, notBefore, notAfter } = certificate;
  const start = new Date(notBefore);
  const end = new Date(notAfter);
  const validToday = start <= now && now <= end;
  const validUntilRequired = mustStayValidUntil
    ? start <= mustStayValidUntil && mustStayValidUntil <= end
    : null;
  const what = `The card's ${label} certificate`;
  const consequence =
    label === 'Signature'
      ? 'the eHealth certificate tool cannot sign with it, nor can Certdesk'
      : label === 'Authentication'
        ? 'the card cannot log in with it'
        : 'signatures made with this card will not be trusted';
  if (end < now) {
    problems.push({
      code: 'CERTIFICATE_EXPIRED',
      severity: 'blocking',
      certificate: label,
      date: notAfter,
      message: `${what} expired on ${day(notAfter)}: ${consequence}. The eID card must be renewed.`,
    });
  } else if (now < start) {
    problems.push({
      code: 'CERTIFICATE_NOT_YET_VALID',
      severity: 'blocking',
      certificate: label,
      date: notBefore,
      message: `${what} is valid only from ${day(notBefore)}: until then ${consequence}.`,
    });
  } else if (mustStayValidUntil && end < mustStayValidUntil) {
    problems.push({
      code: 'CERTIFICATE_EXPIRES_TOO_SOON',
      severity: 'warning',
      certificate: label,
      date: notAfter,
      message: `${what} expires on ${day(notAfter)}, before ${day(mustStayValidUntil.toISOString())}: after that day ${consequence}. Finish the steps before then, or renew the eID card first.`,
    });
  }
  return { label, subject: certificate.subject, notBefore, notAfter, validToday, validUntilRequired };
}
