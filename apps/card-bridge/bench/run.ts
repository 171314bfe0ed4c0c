// `npm run bench`: the bridge's sign latency over HTTP beside direct pkcs11js signatures on the same
// SoftHSM2 token in the same run (p50/p99 and the ratio), and the bridge's start time and resident memory.
// The bridge's overhead (issue 12: <= 2 ms at p50) is, per signature, the bridge's time less the direct operation's
// and less the PIN program's own run (the bridge's own ProgramPinEntry, same program): the three run one after the
// other in every round, so the load of a shared machine weighs on all three alike. Also: resident memory after the
// signatures (<= 80 MB) and the start (<= 1 s). Figures merged into test-output/bench/card-bridge.json.
// The bridge runs as the real command (dist, built by the bench target's dependency on build).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkcs11js from 'pkcs11js';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { type BenchFigure, figure, recordFigures } from '../../../scripts/lib/bench-figures.mjs';
import { ProgramPinEntry } from '../src/card/pin-entry.js';
import { DASHBOARD_ORIGIN, call } from '../test/support/http.js';
import {
  type EidToken,
  SOFTHSM_MODULE,
  TEST_PIN,
  provisionEidToken,
  writePinProgram,
} from '../test/support/softhsm.js';

const SIGNATURES = Number(process.env.BENCH_SIGNATURES ?? 300);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const bin = fileURLToPath(new URL('../bin/certdesk-card-bridge.js', import.meta.url));

const figures: BenchFigure[] = [];

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;

async function time(runs: number, operation: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(20, runs); i++) await operation(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await operation();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function residentMemoryMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

interface StartedBridge {
  child: ChildProcess;
  port: number;
  pairingCode: string;
  startMs: number;
}

function startBridge(token: EidToken, pinProgram: string): Promise<StartedBridge> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [bin, '--port', '0', '--module', SOFTHSM_MODULE, '--pin-program', pinProgram],
    {
      env: {
        ...process.env,
        SOFTHSM2_CONF: token.config,
        CERTDESK_ALLOWED_ORIGINS: DASHBOARD_ORIGIN,
        CERTDESK_KEYSTORE_DIR: join(token.dir, 'keystore'),
        CERTDESK_SIGNATURE_LOG: join(token.dir, 'signatures.jsonl'),
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let output = '';
  let listeningMs = 0;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bridge exited with ${code}: ${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!listeningMs && /listening on/.test(output)) listeningMs = performance.now() - started;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      const code = /Pairing code: (\d{4} \d{4})/.exec(output)?.[1];
      if (port && code) resolve({ child, port: Number(port), pairingCode: code, startMs: listeningMs });
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** pkcs11js in this process, on the same token: the baseline. */
function directSigner(token: EidToken) {
  process.env.SOFTHSM2_CONF = token.config;
  const module = new pkcs11js.PKCS11();
  module.load(SOFTHSM_MODULE);
  module.C_Initialize();
  const slot = module.C_GetSlotList(true).find((s) => module.C_GetTokenInfo(s).label.trim() === 'BELPIC')!;
  const mechanism = token.keyAlgorithm === 'EC-P384' ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_RSA_PKCS;
  // RSA: a SHA-256 DigestInfo, as the bridge sends CKM_RSA_PKCS; EC: the digest itself.
  const data =
    token.keyAlgorithm === 'EC-P384'
      ? randomBytes(48)
      : Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), randomBytes(32)]);
  const findKey = (session: Buffer) => {
    module.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: 'Signature' },
    ]);
    const [key] = module.C_FindObjects(session, 1);
    module.C_FindObjectsFinal(session);
    return key!;
  };
  const sign = (session: Buffer, key: Buffer) => {
    module.C_SignInit(session, { mechanism }, key);
    return module.C_Sign(session, data, Buffer.alloc(1024));
  };
  const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  module.C_Login(session, pkcs11js.CKU_USER, TEST_PIN);
  let key = findKey(session);
  return {
    /** C_SignInit + C_Sign in an open, logged-in session. */
    signOnly: () => sign(session, key),
    /** What the bridge does per request, without HTTP: a session, log in, find the key, sign, log out. */
    fullOperation: () => {
      module.C_Logout(session);
      const own = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      module.C_Login(own, pkcs11js.CKU_USER, TEST_PIN);
      sign(own, findKey(own));
      module.C_Logout(own);
      module.C_CloseSession(own);
      module.C_Login(session, pkcs11js.CKU_USER, TEST_PIN);
      key = findKey(session); // a private key's handle does not outlive the log-out
    },
    close: () => {
      module.C_Finalize();
      module.close();
    },
  };
}

async function benchKeyAlgorithm(keyAlgorithm: 'EC-P384' | 'RSA-2048'): Promise<void> {
  const token = await provisionEidToken(keyAlgorithm);
  try {
    const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
    const direct = directSigner(token);
    const pinEntry = new ProgramPinEntry(pinProgram);
    const askPin = () => pinEntry.askPin({ keyLabel: 'Signature', purpose: 'bench' });
    const bridge = await startBridge(token, pinProgram);
    const paired = await call(bridge.port, {
      path: CARD_BRIDGE_ROUTES.pair,
      body: { code: bridge.pairingCode },
    });
    const digestAlgorithm = keyAlgorithm === 'EC-P384' ? 'SHA-384' : 'SHA-256';
    const body = {
      digestAlgorithm,
      digest: randomBytes(digestAlgorithm === 'SHA-384' ? 48 : 32).toString('base64'),
      description: 'bench',
    };
    const signOverHttp = async () => {
      const response = await call(bridge.port, {
        path: CARD_BRIDGE_ROUTES.sign,
        token: paired.body.token,
        body,
      });
      if (response.status !== 200)
        throw new Error(`sign: ${response.status} ${JSON.stringify(response.body)}`);
    };
    const elapsed = async (operation: () => unknown) => {
      const started = performance.now();
      await operation();
      return performance.now() - started;
    };
    const rounds = { signOnly: [], fullOperation: [], pinProgram: [], overHttp: [], overhead: [] } as Record<
      'signOnly' | 'fullOperation' | 'pinProgram' | 'overHttp' | 'overhead',
      number[]
    >;
    for (let i = -Math.min(20, SIGNATURES); i < SIGNATURES; i++) {
      const signOnly = await elapsed(direct.signOnly);
      const fullOperation = await elapsed(direct.fullOperation);
      const pinProgram = await elapsed(askPin);
      const overHttp = await elapsed(signOverHttp);
      if (i < 0) continue; // warm-up
      rounds.signOnly.push(signOnly);
      rounds.fullOperation.push(fullOperation);
      rounds.pinProgram.push(pinProgram);
      rounds.overHttp.push(overHttp);
      rounds.overhead.push(overHttp - fullOperation - pinProgram);
    }
    const rssAfter = await residentMemoryMb(bridge.child.pid!);
    direct.close();
    await stop(bridge.child);

    const line = (name: string, samples: number[], baseline?: number[]) =>
      `  ${name.padEnd(52)} p50 ${ms(percentile(samples, 50))}  p99 ${ms(percentile(samples, 99))}` +
      (baseline
        ? `  x${(percentile(samples, 50) / percentile(baseline, 50)).toFixed(1)} p50, x${(percentile(samples, 99) / percentile(baseline, 99)).toFixed(1)} p99`
        : '');
    console.log(
      `\n${keyAlgorithm}: ${SIGNATURES} rounds (each: the four below, one after the other), same SoftHSM2 token`,
    );
    console.log(line('direct pkcs11js C_Sign (logged-in session)', rounds.signOnly));
    console.log(
      line('direct pkcs11js session+login+find+sign+logout', rounds.fullOperation, rounds.signOnly),
    );
    console.log(line('the PIN program alone (ProgramPinEntry)', rounds.pinProgram));
    console.log(line('bridge POST /v1/sign (PIN program, HTTP, log)', rounds.overHttp, rounds.fullOperation));
    const overhead = percentile(rounds.overhead, 50);
    console.log(
      `  bridge overhead (bridge - direct full operation - PIN program, per round): p50 ${ms(overhead)}, p99 ${ms(percentile(rounds.overhead, 99))} (goal p50 <= 2 ms)`,
    );
    console.log(`  bridge resident memory after the signatures: ${rssAfter.toFixed(1)} MB (goal <= 80 MB)`);
    const suffix = keyAlgorithm === 'EC-P384' ? '' : `.${keyAlgorithm.toLowerCase().replace('-', '')}`;
    figures.push(
      figure({ name: `bridge.overhead_p50_ms${suffix}`, value: overhead, unit: 'ms', goal: 2 }),
      figure({ name: `bridge.rss_mb${suffix}`, value: rssAfter, unit: 'MB', goal: 80 }),
      figure({
        name: `bridge.sign_p50_ratio_vs_direct${suffix}`,
        value: percentile(rounds.overHttp, 50),
        unit: 'ms',
        baseline: percentile(rounds.fullOperation, 50) + percentile(rounds.pinProgram, 50),
        goal: null,
      }),
    );
  } finally {
    await token.cleanup();
  }
}

async function benchStart(): Promise<void> {
  const token = await provisionEidToken('EC-P384');
  try {
    const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
    const starts: number[] = [];
    const idle: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const bridge = await startBridge(token, pinProgram);
      starts.push(bridge.startMs);
      idle.push(await residentMemoryMb(bridge.child.pid!));
      await stop(bridge.child);
    }
    const baseline = await time(
      STARTS,
      () => new Promise((resolve) => spawn(process.execPath, ['-e', '0']).once('exit', resolve)),
    );
    console.log(
      `\nstart (spawn to "listening"), ${STARTS} starts: median ${ms(percentile(starts, 50))}, max ${ms(Math.max(...starts))}`,
    );
    console.log(
      `  baseline: an empty node process, median ${ms(percentile(baseline, 50))}: x${(percentile(starts, 50) / percentile(baseline, 50)).toFixed(1)}`,
    );
    console.log(`  resident memory, idle after start: median ${percentile(idle, 50).toFixed(1)} MB`);
    figures.push(
      figure({ name: 'bridge.start_s', value: percentile(starts, 50) / 1000, unit: 's', goal: 1 }),
      // Beside the absolute goal, the bridge's own share (its start less an empty node's): a loaded machine, where
      // every process starts slowly, inflates it less.
      figure({
        name: 'bridge.start_beyond_node_s',
        value: (percentile(starts, 50) - percentile(baseline, 50)) / 1000,
        unit: 's',
        goal: null,
      }),
    );
  } finally {
    await token.cleanup();
  }
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
console.log(
  `card-bridge bench (node ${process.version}, ${SIGNATURES} signatures per series, load average ${load()})`,
);
await benchKeyAlgorithm('EC-P384');
await benchKeyAlgorithm('RSA-2048');
await benchStart();
const path = await recordFigures('card-bridge', figures);
console.log(`\nfigures: ${path} (load average now ${load()})`);
for (const f of figures)
  console.log(
    `  ${f.name} = ${f.value} ${f.unit}${f.ratio === null ? '' : ` (x${f.ratio})`}${f.goal === null ? '' : ` (goal <= ${f.goal}) ${f.met ? 'met' : 'NOT MET'}`}`,
  );
