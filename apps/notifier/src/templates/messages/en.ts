// English. The tool’s button names and the revocation reasons are libs/domain’s English wording.
import { REVOCATION_REASON_DETAILS } from '@certdesk/domain';
import { type Messages, type ProblemReason } from './types.js';

const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);

function ehealthReason(reason: ProblemReason): string {
  const text = REVOCATION_REASON_DETAILS[reason].ehealthReason;
  if (text === null)
    throw new Error(`libs/domain gives no eHealth wording for the revocation reason ${reason}.`);
  return text;
}

export const en: Messages = {
  languageName: 'English',
  locale: 'en-GB',
  dateTime: (date, time) => `${date} at ${time} (Brussels time)`,
  shortDate: (year, month, day) => `${day}/${month}/${year}`,
  greeting: 'Hello,',

  subject: {
    acceptanceMark: 'ACCEPTANCE',
    expiresOn: (date, n) => (n === 0 ? `expires today (${date})` : `expires on ${date} (${days(n)})`),
    expiredOn: (date) => `expired on ${date}`,
    several: (count, date, expired) =>
      expired
        ? `${count} certificates to renew, the first expired on ${date}`
        : `${count} certificates expire, from ${date}`,
    urgent: (date, n) =>
      n === 0
        ? `URGENT, expires today (${date})`
        : n === 1
          ? `URGENT, expires tomorrow (${date})`
          : `URGENT, expires in ${days(n)} (${date})`,
    stalled: (next) =>
      next === 'phase2-completed'
        ? 'renewal stalled, phase 2 to do'
        : next === 'phase3-etk-activated'
          ? 'renewal stalled, phase 3 to do'
          : next === 'deployments-updated'
            ? 'renewal stalled, keystore to install'
            : 'renewal stalled',
    deployment: (software) => `new keystore to install in ${software}`,
  },

  certificate: {
    labels: {
      notAfter: 'Valid until',
      daysLeft: 'Days left',
      applicationId: 'Application ID',
      holder: 'Holder',
      environment: 'Environment',
      manager: 'Certificate manager',
      keystore: 'Keystore (.p12)',
      renewal: 'Renewal',
      open: 'Open in Certdesk',
      muted: 'Reminders muted',
    },
    environments: {
      production: 'Production',
      acceptance: 'Acceptance (testing, integrators)',
      unknown: 'Unknown',
    },
    badges: {
      expired: 'EXPIRED',
      urgent: 'URGENT',
      acceptance: 'ACCEPTANCE',
      managerLeft: 'MANAGER LEFT',
      muted: 'MUTED',
    },
    daysLeft: (n) =>
      n < 0 ? 'none, expired' : n === 0 ? '0, expires today' : n === 1 ? '1 day, expires tomorrow' : days(n),
    managerHasLeft: (name, on) =>
      on ? `${name}, who left the organisation on ${on}` : `${name}, who has left the organisation`,
    muteReasons: {
      retired: 'retired, no longer used',
      replaced: 'replaced by another certificate',
      'handled-by-integrator': 'handled by an integrator',
      other: 'other reason',
    },
    muted: (reason, by, until, note) =>
      `by ${by} until ${until}: ${reason}${note ? ` (“${note}”)` : ''}. Listed all the same: it is expired or expires within 7 days.`,
    notRecorded: 'not recorded',
    renewalNotStarted: 'not started',
    renewalStates: {
      'phase1-sent': 'phase 1 sent, waiting for the certificate (phase 2 to do)',
      'phase2-completed': 'phase 2 done, ETK to activate (phase 3 to do)',
      'phase3-etk-activated': 'phase 3 done, new keystore to give to the integrators',
      'deployments-updated': 'done, integrators updated',
      abandoned: 'abandoned',
    },
  },

  managerLeft: {
    notice: (certificates, count) =>
      `The certificate manager named for ${certificates} has left the organisation: nobody may be left who can ` +
      'open the keystore or knows its password. The organisation’s access manager designates a new certificate ' +
      `manager now, before the renewal; if the keystore or its password cannot be found, revoke ${count === 1 ? 'the certificate' : 'these certificates'} and make a new request.`,
  },
  digest: {
    intro: (organisations, count) =>
      count === 1
        ? `The following eHealth certificate of ${organisations} must be renewed.`
        : `The following ${count} eHealth certificates of ${organisations} must be renewed, the most urgent first.`,
    escalation: (organisation) =>
      `You receive this reminder as an administrator because the organisation "${organisation}" has no generic ` +
      'e-mail address in Certdesk. Add one to its contacts (for example info@…): reminders then reach the ' +
      'organisation even when people leave.',
  },
  urgent: {
    intro: (organisation, identifier, date, n) =>
      n === 0
        ? `The eHealth certificate ${identifier} of ${organisation} expires today, ${date}.`
        : `Only ${days(n)} left: the eHealth certificate ${identifier} of ${organisation} expires on ${date}.`,
    expired: (organisation, identifier, date) =>
      `The eHealth certificate ${identifier} of ${organisation} expired on ${date}.`,
    consequence:
      'Without a renewal, the applications using it can no longer reach the eHealth services. Start today.',
  },
  stalled: {
    intro: (organisation, identifier, state, since) =>
      `The renewal of the eHealth certificate ${identifier} of ${organisation} is not moving: ` +
      `it has been at "${state}" since ${since}.`,
    nextStepHeading: 'Next step',
    nextStep: {
      'phase2-completed': () =>
        'Phase 2: "Complete your renewal request" in the eHealth Certificate Manager, on the same computer, with ' +
        'the new keystore password. If eHealth’s e-mail saying the certificate is produced never arrived, check ' +
        'the certificate’s contact addresses or contact eHealth support.',
      'phase3-etk-activated': (notAfter) =>
        'Phase 3: "Activate your renewal ETK". Until it is done, the old certificate stays the active one, and it ' +
        `expires on ${notAfter}.`,
      'deployments-updated': () =>
        'The old certificate is deactivated since phase 3: give the new keystore and its password to every ' +
        'integrator that uses the certificate, then record it in Certdesk.',
    },
    unknownNextStep: 'Open the certificate in Certdesk to see where its renewal stands.',
  },
  deployment: {
    intro: (organisation, identifier, software, integrator) =>
      `The eHealth certificate ${identifier} of ${organisation} was renewed and its new ETK activated (phase 3): ` +
      `the old certificate is deactivated. The software "${software}"${integrator ? ` (${integrator})` : ''} ` +
      'uses it and must be given the new keystore.',
    heading: 'Install the new keystore',
    steps: (software, integrator) => [
      'Ask the certificate manager for the new keystore (.p12) and its new password; send the password by ' +
        'another channel than the file.',
      `Install it in "${software}" in place of the old one${integrator ? `, or ask ${integrator} to` : ''}.`,
      'Check that the software reaches the eHealth services, then confirm the update in Certdesk.',
    ],
    renewalDoneHeading: 'The renewal, done in the eHealth Certificate Manager',
  },

  whatToDo: {
    heading: 'What to do now',
    who: (window) =>
      'The renewal is done in the eHealth Certificate Manager, the eHealth platform’s software, by the ' +
      'certificate manager the organisation designated, with their eID and PIN, on the computer where the ' +
      'keystore (.p12) is, and with that keystore’s password. A certificate can be renewed from ' +
      `${window} days before its validity ends.`,
    phase: (phase, howTo) => `Phase ${phase} – ${howTo}`,
    phases: {
      'phase1-sent':
        '"Renew your eHealth certificate": open the current keystore with its password and your PIN, check the ' +
        'contact data (with at least one generic e-mail address), choose the new keystore password and send the request.',
      'phase2-completed':
        '"Complete your renewal request", after eHealth’s e-mail saying the certificate is produced: install the ' +
        'renewed certificate and create the new ETK.',
      'phase3-etk-activated':
        '"Activate your renewal ETK": this deactivates the old certificate and activates the new one.',
    },
    afterwards:
      'Then give the new keystore and its password to every integrator (software) that uses the certificate, and ' +
      'record the progress in Certdesk.',
    expired:
      'An expired certificate can no longer be renewed: make a new certificate request in the eHealth Certificate ' +
      'Manager, then give the new keystore to the integrators.',
    acceptance:
      'Acceptance certificate: use the acceptance version of the eHealth Certificate Manager, never the production one.',
    consequence:
      'Once its validity ends, the applications using the certificate can no longer reach the eHealth services.',
  },
  problems: {
    heading: 'If something is wrong',
    passwordLost: (reason) =>
      'Keystore password lost: the certificate can no longer be used or renewed. Revoke it ' +
      `(reason "${reason}"), then make a new certificate request.`,
    keystoreLost: (reason) =>
      `.p12 file (keystore) lost: revoke the certificate (reason "${reason}"), then make a new request.`,
    managerLeft: (reason) =>
      'The certificate manager has left the organisation: the organisation’s access manager designates a new ' +
      'certificate manager. If they cannot open the old keystore (file or password unknown), revoke the ' +
      `certificate (reason "${reason}") and make a new request.`,
    howToRevoke:
      'To revoke: in the eHealth Certificate Manager, with the manager’s eID, or with the revocation form, ' +
      'signed electronically and e-mailed to ehealth-certificates@ehealth.fgov.be.',
    support:
      'Anything else: eHealth support, 02 788 51 55 (working days, 7:00 to 20:00) or support@ehealth.fgov.be. ' +
      'Tell your integrator too.',
  },
  revocationReasons: {
    'password-lost': ehealthReason('password-lost'),
    'keystore-lost': ehealthReason('keystore-lost'),
    'manager-left': ehealthReason('manager-left'),
  },
  footer: {
    generic: (organisations) =>
      `Certdesk sends this reminder to the generic e-mail addresses of ${organisations}, so that it reaches ` +
      'someone even when people change. Check too that a generic address is among the certificate’s contacts ' +
      'at eHealth: eHealth sends its own reminder there, about 3 months before the validity ends.',
    escalation:
      'Certdesk sends reminders to the organisations’ generic addresses; without one, to the administrators.',
    deployment: (software) =>
      `You receive this message as the contact of the software "${software}" for this certificate in Certdesk.`,
  },
};
