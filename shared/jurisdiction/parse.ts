import { Jurisdiction, PARSE_ONCE } from './types.ts';

/**
 * Each configured jurisdiction parsed once per process, on first use: the
 * served one when index.ts loads (so a bad edit to its tables fails at load,
 * as before), another only when asked for (the routing docs, the tests), so
 * a cold start does not parse a jurisdiction it does not serve (about 5 ms;
 * docs/benchmarks.md, "Lambda bundles"). By code: every module that asks for
 * one gets the same object.
 */
const parsed = new Map<string, Jurisdiction>();

export function parseJurisdiction(config: { code: string }): Jurisdiction {
  let j = parsed.get(config.code);
  if (!j) {
    j = Jurisdiction.parse(config, PARSE_ONCE);
    parsed.set(config.code, j);
  }
  return j;
}
