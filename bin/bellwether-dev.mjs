#!/usr/bin/env node
// Development launcher: registers tsx so the TypeScript sources run without a build (`npm run dev -- <command>`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
