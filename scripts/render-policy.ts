// Writes docs/policy.md from src/policy. Run after changing the policy data:
//   node --import tsx scripts/render-policy.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPolicyMarkdown } from '../src/policy/index.js';

const target = fileURLToPath(new URL('../docs/policy.md', import.meta.url));
writeFileSync(target, renderPolicyMarkdown());
process.stdout.write(`wrote ${target}\n`);
