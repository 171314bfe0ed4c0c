import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const apiDir = join(import.meta.dirname, '..');

// The dashboard's typed client is generated from the committed apps/api/openapi.json, so it must be the document
// the running api serves. That document is built by the compiled api under plain Node, as `npm start` runs it:
// under Jest, @nestjs/terminus cannot require() the ESM-only @nestjs/swagger and /health loses its responses.
describe('the committed OpenAPI document (apps/api/openapi.json)', () => {
  let outputDir: string;
  beforeAll(async () => {
    outputDir = await mkdtemp(join(tmpdir(), 'certdesk-openapi-'));
  });
  afterAll(() => rm(outputDir, { recursive: true, force: true }));

  it('is the live one (when this fails: `npm run openapi` in apps/api, then commit openapi.json)', async () => {
    const live = join(outputDir, 'openapi.json');
    await run(join(apiDir, '..', '..', 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.app.json'], {
      cwd: apiDir,
    });
    await run(process.execPath, ['scripts/write-openapi.mjs', live], { cwd: apiDir });
    const committed = JSON.parse(await readFile(join(apiDir, 'openapi.json'), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(await readFile(live, 'utf8')));
  });
});
