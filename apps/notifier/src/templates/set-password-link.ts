// The mail that carries a one-time set-password link (an administrator created the log-in, or asked for a new
// password): the link and until when it works, never a password.
import { renderMail } from './document.js';
import { dateAndTime, nameList, oneLine } from './format.js';
import { checkedLinkUrl } from './html.js';
import { MESSAGES } from './messages/index.js';
import { SET_PASSWORD_LINK_MESSAGES } from './set-password-link-messages.js';
import { type Language, type RenderedMail } from './types.js';
import { checkDate, checkLanguages, checkText, TemplateInputError } from './validate.js';

export interface SetPasswordLinkInput {
  languages: Language[];
  name: string;
  email: string;
  /** The log-in's organisations; none for a central administrator's own. */
  organisationNames: string[];
  /** The dashboard's set-password page with the token (http or https). */
  url: string;
  expiresAt: Date;
}

export function renderSetPasswordLink(input: SetPasswordLinkInput): RenderedMail {
  const languages = checkLanguages(input.languages);
  checkText(input.name, "The person's name");
  checkText(input.email, 'The log-in’s address');
  checkDate(input.expiresAt, 'expiresAt');
  if (!Array.isArray(input.organisationNames))
    throw new TemplateInputError('organisationNames must be a list.');
  let url: string;
  try {
    url = checkedLinkUrl(input.url);
  } catch (error) {
    throw new TemplateInputError(`The set-password link: ${(error as Error).message}`);
  }
  return renderMail({
    subject: oneLine(
      `Certdesk: ${languages.map((language) => SET_PASSWORD_LINK_MESSAGES[language].subject).join(' / ')}`,
    ),
    sections: languages.map((language) => {
      const words = SET_PASSWORD_LINK_MESSAGES[language];
      const messages = MESSAGES[language];
      const organisations = input.organisationNames.length
        ? nameList(messages, input.organisationNames)
        : null;
      return {
        language,
        languageName: messages.languageName,
        blocks: [
          { kind: 'paragraph', text: words.greeting(input.name) },
          { kind: 'paragraph', text: words.intro(organisations, input.email) },
          { kind: 'button', label: words.button, url },
          { kind: 'paragraph', text: words.validity(dateAndTime(messages, input.expiresAt)) },
          { kind: 'notice', tone: 'neutral', text: words.noPasswordByMail },
          { kind: 'paragraph', text: words.notExpected },
        ],
      };
    }),
  });
}
