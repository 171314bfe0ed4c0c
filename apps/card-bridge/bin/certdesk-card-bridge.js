#!/usr/bin/env node
// `certdesk-card-bridge`: runs the built bridge (npm run build first when working from a checkout).
import { setFlagsFromString } from 'node:v8';

// The bridge runs all day on a person's PC and allocates little per request, yet over a few hundred signatures V8
// doubles its young generation up to 16 MB semi-spaces (issue 12: ~7 MB of resident memory after 300 signatures).
// Set before anything is loaded, the growth factor 1 keeps the young generation at its start size; the price is
// more frequent, still tiny, scavenges. Only the command sets it: a program that embeds the bridge keeps its own.
setFlagsFromString('--semi-space-growth-factor=1');
// Its JavaScript is glue around a PIN program, a PKCS#11 call and an HTTP answer: V8's optimising tiers spend more
// memory on it than they save time (issue 12, 300 signatures: resident memory 84 -> 66-68 MB, the overhead over the
// direct PKCS#11 operation unchanged or lower, a keystore check ~20% slower). Not --jitless or --lite-mode: both
// remove WebAssembly, which node's fetch (the keystore reports to the api) needs.
setFlagsFromString('--no-opt --no-maglev --no-sparkplug --optimize-for-size');
const { main } = await import('../dist/main.js');

process.exitCode = await main(process.argv.slice(2));
