// Every migration, in order. `npm run migration:generate -w @certdesk/persistence -- <Name>` appends here.
import type { MigrationInterface } from 'typeorm';
import { Initial1795462369526 } from './1795462369526-initial.js';
import { AuditAppendOnly1795462369527 } from './1795462369527-audit-append-only.js';
import { CertificateValidityIndexes1795463854134 } from './1795463854134-certificate-validity-indexes.js';
import { EidLoginAndHandovers1795464269606 } from './1795464269606-eid-login-and-handovers.js';
import { AddReminders1795464492617 } from './1795464492617-add-reminders.js';
import { CertificateCoveringIndex1795465368431 } from './1795465368431-certificate-covering-index.js';
import { AddInstallation1795473616130 } from './1795473616130-add-installation.js';
import { AddLoginThrottle1795475359639 } from './1795475359639-add-login-throttle.js';
import { PeopleAndLoginsPerOrganisation1796302705635 } from './1796302705635-people-and-logins-per-organisation.js';
import { StatelessEidChallenges1796303004710 } from './1796303004710-stateless-eid-challenges.js';
import { MembershipLeftOnAndSetPasswordLinks1796306895366 } from './1796306895366-membership-left-on-and-set-password-links.js';
import { EtkDirectory1796312655369 } from './1796312655369-etk-directory.js';
import { CertificateTallies1796316000000 } from './1796316000000-certificate-tallies.js';
import { Webhooks1796316370924 } from './1796316370924-webhooks.js';
import { AccessTokenLastUsedFrom1796320000000 } from './1796320000000-access-token-last-used-from.js';
import { CertificateLabels1796333098813 } from './1796333098813-certificate-labels.js';
import { CutOverRequests1796333153383 } from './1796333153383-cut-over-requests.js';
import { CustodyAttestationsAndEidCertificates1796333191987 } from './1796333191987-custody-attestations-and-eid-certificates.js';
import { Mutes1796333220557 } from './1796333220557-mutes.js';
import { EvidenceSigningKey1796333711301 } from './1796333711301-evidence-signing-key.js';
import { CertificateLabelKeys1796334759705 } from './1796334759705-certificate-label-keys.js';
import { CutOverReminders1796336531709 } from './1796336531709-cut-over-reminders.js';
import { WarningIndexes1796358000000 } from './1796358000000-warning-indexes.js';
import { OverviewIndexes1796359000000 } from './1796359000000-overview-indexes.js';
import { CertificateActiveIdentity1796360000000 } from './1796360000000-certificate-active-identity.js';
import { ReadinessCovering1796361000000 } from './1796361000000-readiness-covering.js';
import { RenewalCasesByCertificate1796362000000 } from './1796362000000-renewal-cases-by-certificate.js';
import { CertificateReadinessFacts1796363000000 } from './1796363000000-certificate-readiness-facts.js';
import { ReadinessTallies1796364000000 } from './1796364000000-readiness-tallies.js';
import { RowTriggersWithoutJit1796365000000 } from './1796365000000-row-triggers-without-jit.js';
import { MuteWarningTarget1796366000000 } from './1796366000000-mute-warning-target.js';
import { ListsByName1796367000000 } from './1796367000000-lists-by-name.js';
import { CasesNewestFirst1796368000000 } from './1796368000000-cases-newest-first.js';
import { LabelNames1796369000000 } from './1796369000000-label-names.js';
import { NamesInNaturalOrder1796370000000 } from './1796370000000-names-in-natural-order.js';
import { WebhookPreviousSecret1796371000000 } from './1796371000000-webhook-previous-secret.js';

type MigrationClass = new () => MigrationInterface;

export const MIGRATIONS: MigrationClass[] = [
  Initial1795462369526,
  AuditAppendOnly1795462369527,
  CertificateValidityIndexes1795463854134,
  EidLoginAndHandovers1795464269606,
  AddReminders1795464492617,
  CertificateCoveringIndex1795465368431,
  AddInstallation1795473616130,
  AddLoginThrottle1795475359639,
  PeopleAndLoginsPerOrganisation1796302705635,
  StatelessEidChallenges1796303004710,
  MembershipLeftOnAndSetPasswordLinks1796306895366,
  EtkDirectory1796312655369,
  CertificateTallies1796316000000,
  Webhooks1796316370924,
  AccessTokenLastUsedFrom1796320000000,
  CertificateLabels1796333098813,
  CutOverRequests1796333153383,
  CustodyAttestationsAndEidCertificates1796333191987,
  Mutes1796333220557,
  EvidenceSigningKey1796333711301,
  CertificateLabelKeys1796334759705,
  CutOverReminders1796336531709,
  WarningIndexes1796358000000,
  OverviewIndexes1796359000000,
  CertificateActiveIdentity1796360000000,
  ReadinessCovering1796361000000,
  RenewalCasesByCertificate1796362000000,
  CertificateReadinessFacts1796363000000,
  ReadinessTallies1796364000000,
  RowTriggersWithoutJit1796365000000,
  MuteWarningTarget1796366000000,
  ListsByName1796367000000,
  CasesNewestFirst1796368000000,
  LabelNames1796369000000,
  NamesInNaturalOrder1796370000000,
  WebhookPreviousSecret1796371000000,
];
