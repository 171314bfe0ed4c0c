// `node --conditions=@certdesk/source --import ./scripts/register-ts.mjs src/main.ts`: runs the TypeScript
// sources (of this package and of the workspace libraries) without a build, compiled by @swc/core as Jest does,
// with decorator metadata (NestJS dependency injection reads it; tsx/esbuild does not emit it). Used by the crash
// test, which runs the notifier as a real child process, and by the benchmark.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
