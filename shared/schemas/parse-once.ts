/**
 * How a value parsed only once per process is parsed (a configuration when its
 * module loads, the environment at cold start): without zod's compiled fast path
 * (`jitless`), whose code generation costs more than it saves on a single parse
 * (milliseconds of a cold start: docs/benchmarks.md, "Lambda bundles"). The
 * checks are the same. A module of its own, without zod, so that
 * functions/config.ts loads no schemas with it.
 */
export const PARSE_ONCE = { jitless: true } as const;
