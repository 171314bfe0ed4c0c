// Where the profiled clicks' time went, printed by the bench (BENCH_DASHBOARD_PROFILE_CLICKS): one click's profile is
// a few hundred samples, and single items in it come and go from one click to the next, so the profiles are summed
// and each figure is a mean per click. Each sample's frame is named by the built chunk's source map: a library by its
// package, the dashboard's own code by its module and function.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** A V8 CPU profile as DevTools' `Profiler.stop` answers it. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** React's phases, by the react-dom functions that run them: a sample counts in each phase on its stack. */
const REACT_PHASES = [
  'renderRootSync',
  'renderRootConcurrent',
  'commitRoot',
  'commitDeletionEffectsOnFiber',
  'flushPassiveEffects',
];

export function summariseProfiles(profiles: CpuProfile[], assetsDir: string, top = 15): string {
  const maps = new Map<string, TraceMap | null>();
  const mapOf = (url: string): TraceMap | null => {
    const chunk = /\/assets\/([^/?#]+\.js)/.exec(url)?.[1];
    if (!chunk) return null;
    if (!maps.has(chunk)) {
      const file = join(assetsDir, `${chunk}.map`);
      maps.set(chunk, existsSync(file) ? new TraceMap(readFileSync(file, 'utf8')) : null);
    }
    return maps.get(chunk)!;
  };
  /** [where: a package or a module of ours, what: the function]; the browser's own frames by their name. */
  const frameName = ({
    functionName,
    url,
    lineNumber,
    columnNumber,
  }: CpuProfile['nodes'][number]['callFrame']) => {
    const map = url && lineNumber >= 0 ? mapOf(url) : null;
    const original = map ? originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }) : null;
    if (!original?.source) return { where: functionName || '(anonymous)', what: functionName };
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(original.source);
    const where = inPackage ? inPackage[1]! : original.source.replace(/^(\.\.\/)+/, '');
    return { where, what: original.name || functionName || `(anonymous, line ${original.line})` };
  };

  const selfByWhere = new Map<string, number>();
  const inclusiveOfOurs = new Map<string, number>();
  const inPhase = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, microseconds: number) =>
    map.set(key, (map.get(key) ?? 0) + microseconds);
  for (const profile of profiles) {
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const names = new Map(profile.nodes.map((node) => [node.id, frameName(node.callFrame)]));
    profile.samples.forEach((id, index) => {
      const microseconds = profile.timeDeltas[index + 1] ?? 0;
      total += microseconds;
      add(selfByWhere, names.get(id)!.where, microseconds);
      const ours = new Set<string>();
      const phases = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const { where, what } = names.get(at)!;
        if (where.startsWith('src/') || where.includes('/src/')) ours.add(`${what} (${where})`);
        if (where === 'react-dom' && REACT_PHASES.includes(what)) phases.add(what);
      }
      for (const key of ours) add(inclusiveOfOurs, key, microseconds);
      for (const phase of phases) add(inPhase, phase, microseconds);
    });
  }
  const perClick = (microseconds: number) =>
    `${(microseconds / 1000 / profiles.length).toFixed(2).padStart(7)} ms`;
  const largest = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, microseconds]) => `  ${perClick(microseconds)}  ${key}`);
  return [
    `${profiles.length} clicks profiled, ${perClick(total).trim()} of samples a click (the profiler's own cost in it)`,
    'self time, by package or module:',
    ...largest(selfByWhere),
    "React's phases (a sample counts in each on its stack):",
    ...REACT_PHASES.map((phase) => `  ${perClick(inPhase.get(phase) ?? 0)}  ${phase}`),
    "the dashboard's own functions, with what they call:",
    ...largest(inclusiveOfOurs),
  ].join('\n');
}
