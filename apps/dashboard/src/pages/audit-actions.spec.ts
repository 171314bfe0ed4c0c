import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { en } from '../i18n/en.js';

const API_SOURCES = join(import.meta.dirname, '..', '..', '..', 'api', 'src');
const ACTION = /'([a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*)'/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The audit actions the api writes, read from its sources: the literals given as `action:` to the audit trail (on
 * that line or the two after it, for a choice between two), and the values of its `*_ACTIONS` / `*_ACTION` constants.
 */
function apiAuditActions(): Set<string> {
  const actions = new Set<string>();
  for (const file of sourceFiles(API_SOURCES)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (/\baction:/.test(line) && !/\baction:\s*string/.test(line)) {
        for (const [, action] of lines
          .slice(index, index + 3)
          .join('\n')
          .matchAll(ACTION))
          actions.add(action!);
      }
      if (/_ACTION\s*=\s*'/.test(line)) for (const [, action] of line.matchAll(ACTION)) actions.add(action!);
      if (/_ACTIONS\s*=\s*\{/.test(line)) {
        for (let i = index + 1; i < lines.length && !/^\}/.test(lines[i]!); i++)
          for (const [, action] of lines[i]!.matchAll(ACTION)) actions.add(action!);
      }
    });
  }
  return actions;
}

describe('the audit page', () => {
  it('has words for every action the api records', () => {
    const actions = apiAuditActions();
    // The scan finds the actions (a broken scan would pass with nothing to check).
    expect([...actions]).toEqual(
      expect.arrayContaining([
        'certificate.imported',
        'renewal.etk-activated',
        'handover.signed',
        'user.created',
      ]),
    );
    const untranslated = [...actions]
      .filter((action) => {
        const [subject = '', verb = ''] = action.split('.');
        return en.audit.actions[subject]?.[verb] === undefined;
      })
      .sort();
    expect(untranslated).toEqual([]);
  });

  it('never shows a known action as its code', () => {
    for (const [subject, verbs] of Object.entries(en.audit.actions)) {
      for (const [verb, words] of Object.entries(verbs)) {
        expect(en.audit.action(`${subject}.${verb}`)).toBe(words);
        expect(words).not.toContain(`${subject}.${verb}`);
      }
    }
  });
});
