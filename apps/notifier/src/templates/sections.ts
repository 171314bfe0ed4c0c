// The parts every mail shares: a certificate's card, what to do (the 3 phases in the eHealth Certificate
// Manager), what to do when something is lost, and the subject's shape. The phases, the renewal window and the
// revocation reasons come from libs/domain; messages/ only words them.
import {
  isUrgent,
  MUTE_REASONS,
  type MuteReason,
  RENEWAL_PHASES,
  RENEWAL_STATES,
  RENEWAL_WINDOW_DAYS,
  type RenewalState,
} from '@certdesk/domain';
import { type Badge, type Block, type Fact, type Section } from './document.js';
import {
  certificateTitle,
  dateAndTime,
  identifierText,
  isExpired,
  longCalendarDate,
  nameList,
  oneLine,
} from './format.js';
import { checkedLinkUrl } from './html.js';
import { MESSAGES, type Messages } from './messages/index.js';
import { type ToolPhaseState } from './messages/types.js';
import {
  READINESS_ESCALATION_MESSAGES,
  type ReadinessEscalationMessages,
} from './readiness-escalation-messages.js';
import { type Language, type ReminderLine } from './types.js';

export function section(language: Language, build: (messages: Messages) => Block[]): Section {
  const messages = MESSAGES[language];
  return { language, languageName: messages.languageName, blocks: build(messages) };
}

export function isRenewalState(state: string | null): state is RenewalState {
  return state !== null && (RENEWAL_STATES as readonly string[]).includes(state);
}

export function renewalStateText(messages: Messages, state: string | null): string {
  if (state === null) return messages.certificate.renewalNotStarted;
  return isRenewalState(state) ? messages.certificate.renewalStates[state] : state;
}

/**
 * A certificate as a card: identifier and application ID as title, badges for expired / urgent / acceptance,
 * then the facts a person needs to find it and act. `withExpiry: false` leaves out the end date and days left
 * (a deployment notice is about the new keystore, not about an expiry).
 */
export function certificateCard(
  messages: Messages,
  line: ReminderLine,
  options: { withExpiry: boolean } = { withExpiry: true },
): Block {
  const words = messages.certificate;
  const badges: Badge[] = [];
  if (options.withExpiry && isExpired(line)) badges.push({ text: words.badges.expired, tone: 'danger' });
  else if (options.withExpiry && isUrgent(line.daysLeft))
    badges.push({ text: words.badges.urgent, tone: 'danger' });
  if (line.environment === 'acceptance') badges.push({ text: words.badges.acceptance, tone: 'warning' });
  if (line.managerLeft) badges.push({ text: words.badges.managerLeft, tone: 'danger' });
  if (line.muted) badges.push({ text: words.badges.muted, tone: 'warning' });
  const readiness = line.readiness ? readinessWords(messages) : null;
  if (readiness) badges.push({ text: readiness.badge, tone: 'warning' });

  const facts: Fact[] = [];
  if (options.withExpiry) {
    facts.push({ label: words.labels.notAfter, value: dateAndTime(messages, line.notAfter) });
    facts.push({ label: words.labels.daysLeft, value: words.daysLeft(line.daysLeft) });
  }
  if (line.applicationId) facts.push({ label: words.labels.applicationId, value: line.applicationId });
  facts.push(
    { label: words.labels.holder, value: line.holderName ?? words.notRecorded },
    { label: words.labels.environment, value: words.environments[line.environment] },
    { label: words.labels.manager, value: managerText(messages, line) },
    { label: words.labels.keystore, value: line.keystoreLocation ?? words.notRecorded },
    { label: words.labels.renewal, value: renewalStateText(messages, line.renewalState) },
  );
  if (line.muted) facts.push({ label: words.labels.muted, value: mutedText(messages, line.muted) });
  if (readiness && line.readiness) {
    facts.push({
      label: readiness.label,
      value: line.readiness.unmet.map((u) => `${readiness.conditions[u.code]} (${u.detail})`).join('; '),
    });
  }
  return {
    kind: 'certificate',
    title: certificateTitle(line),
    badges,
    facts,
    link: { label: words.labels.open, url: checkedLinkUrl(line.url) },
  };
}

/** Why, by whom and until when its reminders are muted. */
function mutedText(messages: Messages, muted: NonNullable<ReminderLine['muted']>): string {
  const words = messages.certificate;
  const known = (MUTE_REASONS as readonly string[]).includes(muted.reason);
  const reason = known ? words.muteReasons[muted.reason as MuteReason] : muted.reason;
  const withReplacement = muted.replacedBy ? `${reason} (${muted.replacedBy})` : reason;
  return words.muted(
    withReplacement,
    muted.by ?? words.notRecorded,
    longCalendarDate(messages, muted.until),
    muted.note,
  );
}

/** The manager's name, and that they left (and when) if they did. */
function managerText(messages: Messages, line: ReminderLine): string {
  const name = line.managerName ?? messages.certificate.notRecorded;
  if (!line.managerLeft) return name;
  const on = line.managerLeft.on === null ? null : longCalendarDate(messages, line.managerLeft.on);
  return messages.certificate.managerHasLeft(name, on);
}

/**
 * When a named manager has left: one notice naming the certificates, since nobody may be left who can open their
 * keystore, before what to do. Nothing when every manager is still there.
 */
export function managerLeftNotice(messages: Messages, lines: readonly ReminderLine[]): Block[] {
  const left = lines.filter((line) => line.managerLeft);
  if (left.length === 0) return [];
  return [
    {
      kind: 'notice',
      tone: 'danger',
      text: messages.managerLeft.notice(nameList(messages, left.map(certificateTitle)), left.length),
    },
  ];
}

/** The three phases done in the eHealth tool, one line each, numbered as libs/domain numbers them. */
export function phaseLines(messages: Messages): string[] {
  return RENEWAL_PHASES.filter((phase) => phase.phase <= 3).map((phase) =>
    messages.whatToDo.phase(phase.phase, messages.whatToDo.phases[phase.state as ToolPhaseState]),
  );
}

/** Who renews and how, the 3 phases, the step after; plus the expired and acceptance cases when they apply. */
export function whatToDo(messages: Messages, lines: readonly ReminderLine[]): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: messages.whatToDo.heading },
    { kind: 'paragraph', text: messages.whatToDo.who(RENEWAL_WINDOW_DAYS) },
    { kind: 'list', ordered: false, items: phaseLines(messages) },
    { kind: 'paragraph', text: messages.whatToDo.afterwards },
  ];
  if (lines.some(isExpired)) blocks.push({ kind: 'notice', tone: 'danger', text: messages.whatToDo.expired });
  if (lines.some((line) => line.environment === 'acceptance')) {
    blocks.push({ kind: 'notice', tone: 'warning', text: messages.whatToDo.acceptance });
  }
  return blocks;
}

/** Lost password, lost .p12, manager gone: revoke (with the reason to choose) and request again. */
export function problems(messages: Messages): Block[] {
  const words = messages.problems;
  const reasons = messages.revocationReasons;
  return [
    { kind: 'heading', text: words.heading },
    {
      kind: 'list',
      ordered: false,
      items: [
        words.passwordLost(reasons['password-lost']),
        words.keystoreLost(reasons['keystore-lost']),
        words.managerLeft(reasons['manager-left']),
      ],
    },
    { kind: 'paragraph', text: words.howToRevoke },
    { kind: 'paragraph', text: words.support },
  ];
}

/**
 * `[ACCEPTATION/ACCEPTATIE] eHealth NIHII-AMBU_SERVICE=79609977: expire le … / vervalt op …`: what the mail is
 * about once, then one short phrase per language, in the organisation's order.
 */
export function subject(
  languages: readonly Language[],
  about: string,
  acceptance: boolean,
  phrase: (messages: Messages) => string,
): string {
  const marks = [...new Set(languages.map((language) => MESSAGES[language].subject.acceptanceMark))];
  const prefix = acceptance ? `[${marks.join('/')}] ` : '';
  return oneLine(`${prefix}${about}: ${languages.map((language) => phrase(MESSAGES[language])).join(' / ')}`);
}

export function aboutCertificate(line: ReminderLine): string {
  return `eHealth ${identifierText(line)}`;
}

/** The readiness words of the language whose messages these are (they live apart from messages/, with the escalation's). */
function readinessWords(messages: Messages): ReadinessEscalationMessages {
  const language = (Object.keys(MESSAGES) as Language[]).find((l) => MESSAGES[l] === messages) ?? 'en';
  return READINESS_ESCALATION_MESSAGES[language];
}
