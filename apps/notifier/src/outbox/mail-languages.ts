import { LANGUAGES, type Language } from '../templates/index.js';

/** The languages of an outbox message the templates write, in its order; French and Dutch when none is known. */
export function mailLanguages(languages: readonly string[]): Language[] {
  const known = languages.filter((l): l is Language => (LANGUAGES as readonly string[]).includes(l));
  return known.length ? known : ['fr', 'nl'];
}
