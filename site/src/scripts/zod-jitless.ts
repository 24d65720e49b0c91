/**
 * Loaded as a script of its own, before any page script that builds zod
 * schemas (the case forms' shells, the staff console's layout): zod compiles object parsers with `new Function` where it can,
 * and probes for that as it builds its first object schema, which happens
 * as soon as the shared chunk with the schemas loads. The site's CSP allows
 * no eval, and Chromium reports even the caught probe as a violation, so zod
 * is told not to try (`jitless`; it parses the same, without compiling).
 * zod keeps its settings on `globalThis.__zod_globalConfig`, so this sets
 * the flag there without importing zod, and so runs before zod does.
 */
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(holder.__zod_globalConfig ??= {}).jitless = true;

export {};
