#!/usr/bin/env node
// `certdesk-card-bridge`: runs the built bridge (npm run build first when working from a checkout).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
