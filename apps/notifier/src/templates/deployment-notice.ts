// When a renewal completes (phase 3, from the api's outbox), each deployment's contact learns that the software
// must be given the new keystore: the old certificate is deactivated from then on. With a confirmation link (the
// integrator cut-over, issue 14), the notice also asks them to confirm the installation, without an account; a
// reminder of an unconfirmed cut-over is the same notice, marked as a reminder in its subject and first lines.
import { renderMail } from './document.js';
import { CUT_OVER_MESSAGES } from './cut-over-messages.js';
import { dateAndTime, identifierText } from './format.js';
import { checkedLinkUrl } from './html.js';
import { aboutCertificate, certificateCard, phaseLines, problems, section, subject } from './sections.js';
import { type DeploymentNoticeInput, type RenderedMail } from './types.js';
import { checkDate, checkLanguages, checkLine, checkText, TemplateInputError } from './validate.js';

export function renderDeploymentNotice(input: DeploymentNoticeInput): RenderedMail {
  const languages = checkLanguages(input.languages);
  checkText(input.organisationName, 'The organisation name');
  checkLine(input.line);
  checkText(input.software, "The deployment's software");
  if (input.integrator !== null && typeof input.integrator !== 'string') {
    throw new TemplateInputError('The integrator must be a text or null.');
  }
  const confirmation = input.confirmation ?? null;
  if (confirmation) {
    checkDate(confirmation.expiresAt, 'The confirmation link’s expiry');
    try {
      checkedLinkUrl(confirmation.url);
    } catch (error) {
      throw new TemplateInputError(`The confirmation link: ${(error as Error).message}`);
    }
  }
  const { line, organisationName, software } = input;
  const integrator = input.integrator?.trim() ? input.integrator : null;

  const reminder = confirmation?.reminder === true;
  const noticeSubject = subject(languages, aboutCertificate(line), line.environment === 'acceptance', (m) =>
    m.subject.deployment(software),
  );
  return renderMail({
    subject: reminder
      ? `${languages.map((language) => CUT_OVER_MESSAGES[language].reminderMark).join(' / ')}: ${noticeSubject}`
      : noticeSubject,
    sections: languages.map((language) =>
      section(language, (m) => [
        { kind: 'paragraph', text: m.greeting },
        ...(reminder
          ? ([
              { kind: 'notice', tone: 'warning', text: CUT_OVER_MESSAGES[language].reminderNotice(software) },
            ] as const)
          : []),
        {
          kind: 'notice',
          tone: 'warning',
          text: m.deployment.intro(organisationName, identifierText(line), software, integrator),
        },
        { kind: 'heading', text: m.deployment.heading },
        { kind: 'list', ordered: true, items: m.deployment.steps(software, integrator) },
        ...(confirmation
          ? ([
              { kind: 'heading', text: CUT_OVER_MESSAGES[language].heading },
              { kind: 'paragraph', text: CUT_OVER_MESSAGES[language].intro(software) },
              { kind: 'button', label: CUT_OVER_MESSAGES[language].button, url: confirmation.url },
              {
                kind: 'paragraph',
                text: CUT_OVER_MESSAGES[language].validity(dateAndTime(m, confirmation.expiresAt)),
              },
              { kind: 'paragraph', text: CUT_OVER_MESSAGES[language].noAccount },
            ] as const)
          : []),
        certificateCard(m, line, { withExpiry: false }),
        { kind: 'heading', text: m.deployment.renewalDoneHeading },
        { kind: 'list', ordered: false, items: phaseLines(m) },
        ...problems(m),
        { kind: 'paragraph', text: m.footer.deployment(software) },
      ]),
    ),
  });
}
