// Types for the benchmarks written in TypeScript (the helper itself is plain JavaScript, like the rest of scripts/lib).
export interface BenchFigure {
  name: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  goal: number | null;
  met: boolean | null;
}

export function benchFiguresPath(packageName: string): string;

export function figure(input: {
  name: string;
  value: number;
  unit: string;
  baseline?: number | null;
  goal: number | null;
  atMost?: boolean;
}): BenchFigure;

export function recordFigures(packageName: string, figures: BenchFigure[]): Promise<string>;
