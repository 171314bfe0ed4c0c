import { type Language } from '../types.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import { type Messages } from './types.js';

export const MESSAGES: Readonly<Record<Language, Messages>> = { fr, nl, de, en };
export type { Messages } from './types.js';
