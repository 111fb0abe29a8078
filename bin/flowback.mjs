#!/usr/bin/env node
// Registers tsx so that the TypeScript sources run as they are: `npx flowback …` works right after
// `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
await main(process.argv.slice(2));
