// A certificate at 7 days or fewer (libs/domain URGENT_REMINDER_DAYS) gets this mail of its own, beside the digest.
import { renderMail } from './document.js';
import { identifierText, isExpired, longDate, shortDate } from './format.js';
import {
  aboutCertificate,
  certificateCard,
  managerLeftNotice,
  problems,
  section,
  subject,
  whatToDo,
} from './sections.js';
import { type RenderedMail, type UrgentInput } from './types.js';
import { checkLanguages, checkLine, checkText } from './validate.js';

export function renderUrgent(input: UrgentInput): RenderedMail {
  const languages = checkLanguages(input.languages);
  checkText(input.organisationName, 'The organisation name');
  checkLine(input.line);
  const { line, organisationName } = input;
  const expired = isExpired(line);

  return renderMail({
    subject: subject(languages, aboutCertificate(line), line.environment === 'acceptance', (m) =>
      expired
        ? m.subject.expiredOn(shortDate(m, line.notAfter))
        : m.subject.urgent(shortDate(m, line.notAfter), line.daysLeft),
    ),
    sections: languages.map((language) =>
      section(language, (m) => [
        { kind: 'paragraph', text: m.greeting },
        {
          kind: 'notice',
          tone: 'danger',
          text: expired
            ? m.urgent.expired(organisationName, identifierText(line), longDate(m, line.notAfter))
            : m.urgent.intro(
                organisationName,
                identifierText(line),
                longDate(m, line.notAfter),
                line.daysLeft,
              ),
        },
        certificateCard(m, line),
        ...managerLeftNotice(m, [line]),
        { kind: 'paragraph', text: m.urgent.consequence },
        ...whatToDo(m, [line]),
        ...problems(m),
        { kind: 'paragraph', text: m.footer.generic(organisationName) },
      ]),
    ),
  });
}
