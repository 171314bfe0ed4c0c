// How the eHealth tools write names and application IDs into a subject: "special characters are converted
// to upper case and diacritics are removed" (seed 002, seed 001's request screen).

/** Letters that carry no combining mark to drop but are still written with a plain-Latin equivalent. */
const LIGATURES: Readonly<Record<string, string>> = {
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'O',
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
};

/** `Vlaams Agentschap Zorg & Gezondheid` -> `VLAAMS AGENTSCHAP ZORG & GEZONDHEID`; `Hôpital Érasme` -> `HOPITAL ERASME`. */
export function toEhealthUpperCase(text: string): string {
  return String(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[ÆŒØŁĐÐÞ]/g, (c) => LIGATURES[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}
