#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'unwind: the CLI is not built yet; run `npm install` (or `npm run build`) in the repository first.\n',
  );
  process.exit(2);
}
await import(entry.href);
