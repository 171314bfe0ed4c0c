// Finds focused tests (`it.only`, `test.only.each`, `describe.only`, `fit`, `fdescribe`) in test files. Jest runs
// them and quietly skips every other test of their file, and its results do not say why: a focused test left in
// a commit would make `npm test` look green while most of a file never ran.
import { readFile } from 'node:fs/promises';

const RUNNERS = new Set(['it', 'test', 'describe']);
const FOCUSED = new Set(['fit', 'fdescribe']);

/**
 * The focused tests in one file's source, as `{ line, text }` (line from 1), found with TypeScript's parser: a
 * call, not the same words in a string or a comment.
 * @param {typeof import('typescript')} ts
 * @param {string} source
 * @param {string} fileName
 * @returns {{ line: number, text: string }[]}
 */
export function focusedTestsIn(ts, source, fileName) {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && isFocused(ts, node.expression)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push({ line: line + 1, text: node.expression.getText(file) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** `it.only`, `it.concurrent.only`, `describe.only.each` ... or `fit`/`fdescribe`. */
function isFocused(ts, callee) {
  if (ts.isIdentifier(callee)) return FOCUSED.has(callee.text);
  const names = [];
  let part = callee;
  while (ts.isPropertyAccessExpression(part)) {
    names.push(part.name.text);
    part = part.expression;
  }
  return ts.isIdentifier(part) && RUNNERS.has(part.text) && names.includes('only');
}

/**
 * The focused tests in `files` (absolute paths), as `{ file, line, text }`.
 * @param {string[]} files
 */
export async function findFocusedTests(files) {
  // Loaded here, not at the top: `npm test` imports this before it has installed the dependencies.
  const ts = (await import('typescript')).default;
  const found = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8').catch(() => null);
    if (source === null) continue;
    for (const hit of focusedTestsIn(ts, source, file)) found.push({ file, ...hit });
  }
  return found;
}
