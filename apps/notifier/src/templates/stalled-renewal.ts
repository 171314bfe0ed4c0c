// A renewal stuck in one phase for 14 days (libs/domain isRenewalStalled) gets its own reminder, naming the
// phase it is stuck in and the one step that moves it on.
import { applyRenewalAction, nextRenewalAction } from '@certdesk/domain';
import { renderMail } from './document.js';
import { identifierText, longDate } from './format.js';
import { type NextRenewalState } from './messages/types.js';
import {
  aboutCertificate,
  certificateCard,
  isRenewalState,
  managerLeftNotice,
  problems,
  renewalStateText,
  section,
  subject,
  whatToDo,
} from './sections.js';
import { type RenderedMail, type StalledRenewalInput } from './types.js';
import { checkDate, checkLanguages, checkLine, checkText } from './validate.js';

/** The state the renewal moves to with its next step (libs/domain's order), or null when none is known. */
function nextStepOf(state: string | null): NextRenewalState | null {
  if (!isRenewalState(state)) return null;
  const action = nextRenewalAction(state);
  if (action === null) return null;
  const next = applyRenewalAction(state, action);
  if (!next.ok) return null;
  const to = next.value;
  return to === 'phase2-completed' || to === 'phase3-etk-activated' || to === 'deployments-updated'
    ? to
    : null;
}

export function renderStalledRenewal(input: StalledRenewalInput): RenderedMail {
  const languages = checkLanguages(input.languages);
  checkText(input.organisationName, 'The organisation name');
  checkLine(input.line);
  checkDate(input.since, 'since');
  const { line, organisationName, since } = input;
  const next = nextStepOf(line.renewalState);

  return renderMail({
    subject: subject(languages, aboutCertificate(line), line.environment === 'acceptance', (m) =>
      m.subject.stalled(next),
    ),
    sections: languages.map((language) =>
      section(language, (m) => [
        { kind: 'paragraph', text: m.greeting },
        {
          kind: 'notice',
          tone: 'warning',
          text: m.stalled.intro(
            organisationName,
            identifierText(line),
            renewalStateText(m, line.renewalState),
            longDate(m, since),
          ),
        },
        { kind: 'heading', text: m.stalled.nextStepHeading },
        {
          kind: 'paragraph',
          text:
            next === null ? m.stalled.unknownNextStep : m.stalled.nextStep[next](longDate(m, line.notAfter)),
        },
        certificateCard(m, line),
        ...managerLeftNotice(m, [line]),
        ...whatToDo(m, [line]),
        ...problems(m),
        { kind: 'paragraph', text: m.footer.generic(organisationName) },
      ]),
    ),
  });
}
