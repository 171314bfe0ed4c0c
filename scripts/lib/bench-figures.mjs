// Benchmarks' figures as a script reads them: test-output/bench/<package>.json, an array of
// {"name", "value", "unit", "baseline", "ratio", "goal", "met"}. Several benchmarks may write one package's file (the
// api's figures and the ETK directory's both go to api.json), so a write merges by name: it replaces the figures it
// names, keeps every other, and renames a complete file into place (a reader never sees half of one).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where a package's figures go. */
export function benchFiguresPath(packageName) {
  return join(root, 'test-output', 'bench', `${packageName}.json`);
}

/** Rounds to 3 decimals (figures are measurements, not exact values); null stays null. */
function round(value) {
  return value === null || value === undefined ? null : Math.round(value * 1000) / 1000;
}

/**
 * One figure. `goal` is the bound its `ratio` (or its `value`, without a baseline) must meet: `atMost` for latencies
 * and their ratios, `atLeast` for speeds.
 */
export function figure({ name, value, unit, baseline = null, goal, atMost = true }) {
  const ratio = baseline === null || baseline === 0 ? null : value / baseline;
  const judged = ratio ?? value;
  return {
    name,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(ratio),
    goal,
    met: goal === null || goal === undefined ? null : atMost ? judged <= goal : judged >= goal,
  };
}

/** Merges `figures` into the package's file by name; answers the file's path. */
export async function recordFigures(packageName, figures) {
  const path = benchFiguresPath(packageName);
  await mkdir(dirname(path), { recursive: true });
  let existing = [];
  try {
    existing = JSON.parse(await readFile(path, 'utf8'));
    if (!Array.isArray(existing)) existing = [];
  } catch {
    // no file yet, or an unreadable one: start again
  }
  const byName = new Map(figures.map((f) => [f.name, f]));
  const merged = existing.map((f) => byName.get(f.name) ?? f);
  for (const f of figures) if (!existing.some((e) => e.name === f.name)) merged.push(f);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(merged, null, 2)}\n`);
  await rename(temporary, path);
  return path;
}
