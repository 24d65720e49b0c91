/**
 * npm run docs:routing: writes docs/routing.md from the routing tables of
 * every configured jurisdiction (shared/jurisdiction/index.ts JURISDICTIONS).
 * scripts/docs-routing.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jurisdiction, JURISDICTIONS } from '../shared/jurisdiction/index.ts';
import { renderRoutingDoc } from './lib/routing-doc.ts';

export const ROUTING_DOC_PATH = fileURLToPath(new URL('../docs/routing.md', import.meta.url));

export function routingDoc(): string {
  // The deployed jurisdiction first, then the others by code.
  const others = Object.values(JURISDICTIONS).filter((j) => j !== jurisdiction);
  return renderRoutingDoc([jurisdiction, ...others.sort((a, b) => a.code.localeCompare(b.code))]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ROUTING_DOC_PATH, routingDoc());
  console.log(`Wrote ${ROUTING_DOC_PATH}`);
}
