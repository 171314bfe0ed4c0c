/** The mail languages the notifier writes (its templates' LANGUAGES); French and Dutch when nothing says. */
const MAIL_LANGUAGES = ['fr', 'nl', 'de', 'en'];
const DEFAULT_MAIL_LANGUAGES = ['fr', 'nl'];

/** The languages a mail is written in: those given that the notifier writes, in their order, each once. */
export function mailLanguages(languages: readonly string[]): string[] {
  const known = [...new Set(languages.filter((l) => MAIL_LANGUAGES.includes(l)))];
  return known.length ? known : [...DEFAULT_MAIL_LANGUAGES];
}
