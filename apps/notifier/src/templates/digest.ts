// The daily digest: one mail per recipient per run, every certificate that entered a reminder milestone,
// earliest expiry first. With `escalation`, it goes to an administrator in place of the organisation's missing
// generic address, and says so first.
import { renderMail } from './document.js';
import { byExpiry, isExpired, nameList, shortDate } from './format.js';
import {
  aboutCertificate,
  certificateCard,
  managerLeftNotice,
  problems,
  section,
  subject,
  whatToDo,
} from './sections.js';
import { type DigestInput, type RenderedMail } from './types.js';
import { checkLanguages, checkLine, checkText, TemplateInputError } from './validate.js';

export function renderDigest(input: DigestInput): RenderedMail {
  const languages = checkLanguages(input.languages);
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    throw new TemplateInputError('A digest needs at least one certificate line.');
  }
  input.lines.forEach(checkLine);
  if (!Array.isArray(input.organisationNames) || input.organisationNames.length === 0) {
    throw new TemplateInputError('A digest needs the name of the organisation(s) it is about.');
  }
  input.organisationNames.forEach((name) => checkText(name, 'An organisation name'));
  const escalation = input.escalation;
  if (escalation !== undefined) {
    if (escalation.reason !== 'no-generic-contact') {
      throw new TemplateInputError(`Unknown escalation reason ${JSON.stringify(escalation.reason)}.`);
    }
    checkText(escalation.organisationName, "The escalation's organisation name");
  }

  const lines = byExpiry(input.lines);
  const first = lines[0]!;
  const organisationNames = [...new Set(input.organisationNames)];
  const allAcceptance = lines.every((line) => line.environment === 'acceptance');

  const mailSubject =
    lines.length === 1
      ? subject(languages, aboutCertificate(first), allAcceptance, (m) =>
          isExpired(first)
            ? m.subject.expiredOn(shortDate(m, first.notAfter))
            : m.subject.expiresOn(shortDate(m, first.notAfter), first.daysLeft),
        )
      : subject(languages, 'eHealth', allAcceptance, (m) =>
          m.subject.several(lines.length, shortDate(m, first.notAfter), isExpired(first)),
        );

  return renderMail({
    subject: mailSubject,
    sections: languages.map((language) =>
      section(language, (m) => [
        { kind: 'paragraph', text: m.greeting },
        ...(escalation
          ? [
              {
                kind: 'notice' as const,
                tone: 'warning' as const,
                text: m.digest.escalation(escalation.organisationName),
              },
            ]
          : []),
        { kind: 'paragraph', text: m.digest.intro(nameList(m, organisationNames), lines.length) },
        ...lines.map((line) => certificateCard(m, line)),
        ...managerLeftNotice(m, lines),
        { kind: 'paragraph', text: m.whatToDo.consequence },
        ...whatToDo(m, lines),
        ...problems(m),
        {
          kind: 'paragraph',
          text: escalation ? m.footer.escalation : m.footer.generic(nameList(m, organisationNames)),
        },
      ]),
    ),
  });
}
