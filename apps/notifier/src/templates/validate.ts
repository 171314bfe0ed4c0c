// The templates' inputs come from the engine, which reads them from the database: a malformed value is a bug
// upstream, so it gets a clear error here rather than a mail that says something wrong.
import { LANGUAGES, type Language, type ReminderLine } from './types.js';
import { checkedLinkUrl } from './html.js';

const ENVIRONMENTS = ['production', 'acceptance', 'unknown'];

export class TemplateInputError extends RangeError {
  override name = 'TemplateInputError';
}

/** The languages in the organisation's order, each once. */
export function checkLanguages(languages: readonly Language[]): Language[] {
  if (!Array.isArray(languages) || languages.length === 0) {
    throw new TemplateInputError(`Give at least one language (${LANGUAGES.join(', ')}).`);
  }
  const unknown = languages.filter((language) => !(LANGUAGES as readonly string[]).includes(language));
  if (unknown.length > 0) {
    throw new TemplateInputError(
      `Unknown mail language ${unknown.map((l) => `"${String(l)}"`).join(', ')}; use ${LANGUAGES.join(', ')}.`,
    );
  }
  return [...new Set(languages)];
}

export function checkDate(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TemplateInputError(`${what} must be a valid Date, got ${String(value)}.`);
  }
}

export function checkText(value: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TemplateInputError(`${what} must be a non-empty text, got ${JSON.stringify(value)}.`);
  }
}

export function checkLine(line: ReminderLine): void {
  if (line === null || typeof line !== 'object') throw new TemplateInputError('A reminder line is missing.');
  const which = `Reminder line ${JSON.stringify(line.certificateId)}`;
  checkText(line.certificateId, "A reminder line's certificateId");
  checkText(line.identifierType, `${which}: identifierType`);
  checkText(line.identifierValue, `${which}: identifierValue`);
  checkDate(line.notAfter, `${which}: notAfter`);
  if (!Number.isInteger(line.daysLeft)) {
    throw new TemplateInputError(`${which}: daysLeft must be a whole number, got ${String(line.daysLeft)}.`);
  }
  if (line.milestone !== 'expired' && !Number.isInteger(line.milestone)) {
    throw new TemplateInputError(
      `${which}: milestone must be a number of days or 'expired', got ${String(line.milestone)}.`,
    );
  }
  if (!ENVIRONMENTS.includes(line.environment)) {
    throw new TemplateInputError(
      `${which}: environment must be one of ${ENVIRONMENTS.join(', ')}, got ${String(line.environment)}.`,
    );
  }
  if (line.managerLeft !== undefined) {
    const on = line.managerLeft?.on;
    if (on === undefined || (on !== null && !/^\d{4}-\d{2}-\d{2}$/.test(on))) {
      throw new TemplateInputError(
        `${which}: managerLeft.on must be a 'YYYY-MM-DD' date or null, got ${JSON.stringify(on)}.`,
      );
    }
  }
  if (line.muted !== undefined) {
    checkText(line.muted.reason, `${which}: muted.reason`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(line.muted.until))) {
      throw new TemplateInputError(
        `${which}: muted.until must be a 'YYYY-MM-DD' date, got ${JSON.stringify(line.muted.until)}.`,
      );
    }
  }
  try {
    checkedLinkUrl(line.url);
  } catch (error) {
    throw new TemplateInputError(`${which}: ${(error as Error).message}`);
  }
}
