/**
 * The site build's strings plugin (site/build/pick-strings.mjs): a page script
 * that reads the strings by property paths gets modules holding only those
 * parts, cut from the areas' modules (shared/i18n/zh-CN/<area>.ts), whether it
 * imports the table (`t` from zh-CN.ts) or the areas' index as a namespace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { t } from '#shared/i18n/zh-CN.ts';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'site', 'src', 'scripts', 'example.ts');
const PREFIX = '\0shouhu-strings:';

interface Plugin {
  transform(this: unknown, code: string, id: string): Promise<{ code: string } | undefined>;
  load(id: string): Promise<string | undefined>;
}
// A JavaScript module with JSDoc types (// @ts-check), outside the TypeScript project: imported by its URL.
const { pickStrings } = (await import(pathToFileURL(join(root, 'site', 'build', 'pick-strings.mjs')).href)) as { pickStrings: () => Plugin };

/** The plugin's transform of a TypeScript page script (as Vite hands it over: JavaScript), and the modules it asks for, evaluated. */
async function pick(source: string) {
  const plugin = pickStrings();
  const warnings: string[] = [];
  const context = {
    warn: (message: string) => warnings.push(message),
    resolve: async (specifier: string, importer: string) => ({
      id: specifier.startsWith('#shared/') ? join(root, 'shared', specifier.slice('#shared/'.length)) : resolve(dirname(importer), specifier),
    }),
  };
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' });
  const out = await plugin.transform.call(context, code, script);
  const parts: Record<string, unknown> = {};
  const dir = mkdtempSync(join(tmpdir(), 'pick-strings-'));
  for (const [, path] of out?.code.matchAll(/from "\\u0000shouhu-strings:([^"]+)"/g) ?? []) {
    const file = join(dir, `${path}.mjs`);
    writeFileSync(file, (await plugin.load(`${PREFIX}${path}`))!);
    parts[path!] = ((await import(pathToFileURL(file).href)) as { default: unknown }).default;
  }
  return { code: out?.code, parts, warnings };
}

describe('pick-strings', () => {
  it('gives a script that imports the table only the parts it reads, each equal to the table\'s', async () => {
    const { code, parts, warnings } = await pick(`import { t } from '#shared/i18n/zh-CN.ts';\nexport const a = t.kit.errorPrefix + t.cases.types.complaint;\nexport const f = t.notify.templates;`);
    expect(warnings).toEqual([]);
    expect(code).not.toContain('zh-CN.ts');
    expect(Object.keys(parts).sort()).toEqual(['cases.types.complaint', 'kit.errorPrefix', 'notify.templates']);
    expect(parts['kit.errorPrefix']).toBe(t.kit.errorPrefix);
    expect(parts['cases.types.complaint']).toBe(t.cases.types.complaint);
    expect(Object.keys(parts['notify.templates'] as object)).toEqual(Object.keys(t.notify.templates));
  });

  it('cuts the same parts for a script that imports the areas\' index as a namespace', async () => {
    const { code, parts, warnings } = await pick(`import * as t from '#shared/i18n/zh-CN/index.ts';\nexport const a = t.errors.not_found;`);
    expect(warnings).toEqual([]);
    expect(code).not.toContain('zh-CN/index.ts');
    expect(parts).toEqual({ 'errors.not_found': t.errors.not_found });
  });

  it('leaves a script that passes the table around with the whole table, and says so', async () => {
    const { code, warnings } = await pick(`import { t } from '#shared/i18n/zh-CN.ts';\nexport const all = t;`);
    expect(code).toBeUndefined();
    expect(warnings.join('\n')).toContain('keeps the whole table');
  });
});
