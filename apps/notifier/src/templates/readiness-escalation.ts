// At READINESS_ESCALATION_DAYS (120) before expiry, a certificate whose renewal is not ready (libs/domain
// renewalReadiness) gets this mail to its organisation's administrators and generic addresses, once.
import { type ReadinessConditionCode } from '@certdesk/domain';
import { renderMail } from './document.js';
import { MESSAGES } from './messages/index.js';
import { identifierText, longDate } from './format.js';
import { aboutCertificate, certificateCard, section, subject } from './sections.js';
import { READINESS_ESCALATION_MESSAGES } from './readiness-escalation-messages.js';
import { type Language, type ReminderLine, type RenderedMail } from './types.js';
import { checkLanguages, checkLine, checkText, TemplateInputError } from './validate.js';

export interface ReadinessEscalationInput {
  languages: Language[];
  organisationName: string;
  line: ReminderLine;
  /** The unmet conditions, in libs/domain's order; `detail` is its English finding (names, dates). */
  unmet: { code: ReadinessConditionCode; detail: string }[];
}

export function renderReadinessEscalation(input: ReadinessEscalationInput): RenderedMail {
  const languages = checkLanguages(input.languages);
  checkText(input.organisationName, 'The organisation name');
  checkLine(input.line);
  if (!Array.isArray(input.unmet) || input.unmet.length === 0) {
    throw new TemplateInputError('A readiness escalation needs at least one unmet condition.');
  }
  input.unmet.forEach((u) => checkText(u.detail, 'A condition detail'));
  const { line, organisationName, unmet } = input;
  return renderMail({
    subject: subject(languages, aboutCertificate(line), line.environment === 'acceptance', (m) =>
      READINESS_ESCALATION_MESSAGES[languages.find((l) => MESSAGES[l] === m) ?? languages[0]!].subject(
        line.daysLeft,
      ),
    ),
    sections: languages.map((language) => {
      const r = READINESS_ESCALATION_MESSAGES[language];
      return section(language, (m) => [
        { kind: 'paragraph', text: m.greeting },
        {
          kind: 'notice',
          tone: 'warning',
          text: r.intro(organisationName, identifierText(line), longDate(m, line.notAfter), line.daysLeft),
        },
        certificateCard(m, line),
        { kind: 'paragraph', text: r.missing },
        { kind: 'list', ordered: false, items: unmet.map((u) => `${r.conditions[u.code]} (${u.detail})`) },
        { kind: 'paragraph', text: r.why },
        { kind: 'button', label: r.button, url: line.url },
      ]);
    }),
  });
}
