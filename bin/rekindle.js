#!/usr/bin/env node
// Rekindle runs its TypeScript sources directly with Node's type stripping (Node >= 22.18 / 24).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`rekindle needs Node.js 24 (or 22.18+); this is ${process.version}\n`);
  process.exit(2);
}
await import('../src/cli.ts');
