import { describe, expect, it } from '@jest/globals';
import * as domain from './index.js';

describe('@certdesk/domain exports', () => {
  it.each([
    'parseSsin',
    'maskSsin',
    'parseCbe',
    'parseNihii',
    'checkIdentifier',
    'EHEALTH_IDENTIFIER_TYPES',
    'findIdentifierType',
    'validateEhealthIdentifier',
    'parseDistinguishedName',
    'formatDistinguishedName',
    'parseEhealthSubject',
    'buildEhealthSubject',
    'eidSubjectSsin',
    'parseKeystoreFileName',
    'formatKeystoreFileName',
    'DEFAULT_ISSUER_ENVIRONMENTS',
    'environmentFromIssuer',
    'RENEWAL_WINDOW_DAYS',
    'certificateStatus',
    'daysLeft',
    'brusselsDate',
    'checkKeystorePassword',
    'PRODUCTION_LIMITS',
    'checkProductionLimit',
    'RENEWAL_PHASES',
    'applyRenewalAction',
    'isRenewalOpen',
    'REVOCATION_REASONS',
    'applyNewRequestAction',
    'CERTIFICATE_USAGES',
    'DEFAULT_REMINDER_MILESTONES',
    'normalizeMilestones',
    'reminderMilestoneAt',
    'URGENT_REMINDER_DAYS',
    'STALLED_RENEWAL_DAYS',
    'describeCertificate',
  ])('%s', (name) => {
    expect(domain).toHaveProperty(name);
  });
});
