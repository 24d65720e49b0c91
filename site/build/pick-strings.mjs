// @ts-check
/**
 * Each page's scripts load only the strings they use, not the whole strings
 * table (shared/i18n/zh-CN.ts, about 90 KB minified, most of it the staff
 * console's words).
 *
 * In the browser build, a script that imports `t` (or `zhCN`) from the
 * strings module and reads it only through plain property paths
 * (`t.cases.form`, `t.errors.internal`, `const f = t.cases.form`) has that
 * import replaced by one import per path, each a module holding that part
 * of the table, cut out of the source text of its area's module
 * (shared/i18n/zh-CN/<area>.ts, with that file's imports and constants, so
 * a message function keeps what it refers to).
 * Scripts on one page share those modules; nothing is written twice by hand
 * and the source keeps importing the whole, typed table.
 *
 * A script may also import the areas' index as a namespace
 * (`import * as t from '#shared/i18n/zh-CN/index.ts'`, as the Lambda jobs' modules
 * do): the same paths are cut from it.
 *
 * A path is cut where the table stops being a plain object (a string, a
 * function, an array) or where the script's access stops being static
 * (`t.cases.kinds[kind]` takes all of `cases.kinds`). A script that uses the
 * table any other way (passes `t` along, `t[x]`) keeps the whole table, and
 * the build says so. The server's render (Astro's SSR build, the app) is not
 * touched.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { parseAst } from 'rolldown/parseAst';

const STRINGS = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/i18n/zh-CN.ts');
/** The areas' index (shared/i18n/zh-CN/index.ts), which a module may import as a namespace (`import * as t`). */
const AREAS = resolve(dirname(STRINGS), 'zh-CN', 'index.ts');
const TABLE_NAMES = new Set(['zhCN', 't']);
const PREFIX = '\0shouhu-strings:';

/** @typedef {{ type: string, start: number, end: number, [key: string]: any }} Node */
/** @typedef {{ code: string, node: Node, preamble: string }} Area */

/**
 * A TypeScript module as JavaScript and its AST.
 * @param {string} file
 * @returns {Promise<{ code: string, program: Node }>}
 */
async function parseModule(file) {
  const ts = await readFile(file, 'utf8');
  const { code } = await transform(ts, { loader: 'ts', format: 'esm', target: 'es2022' });
  return { code, program: /** @type {Node} */ (/** @type {unknown} */ (parseAst(code))) };
}

/**
 * One area of the strings (shared/i18n/zh-CN/<area>.ts) as JavaScript: the object literal
 * it exports under `name` and the statements it may refer to (its imports, made absolute,
 * and its constants).
 * @param {string} file
 * @param {string} name
 * @returns {Promise<Area>}
 */
async function loadArea(file, name) {
  const { code, program } = await parseModule(file);
  /** @type {Node | undefined} */
  let node;
  const preamble = [];
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      const found = declaration.declarations.find((/** @type {Node} */ d) => d.id.name === name);
      if (found) {
        node = found.init;
        continue;
      }
      preamble.push(code.slice(declaration.start, declaration.end));
    } else if (statement.type === 'ImportDeclaration') {
      // Relative imports, made absolute: the part's module has no folder of its own.
      const source = statement.source.value.startsWith('.') ? resolve(dirname(file), statement.source.value) : statement.source.value;
      preamble.push(`${code.slice(statement.start, statement.source.start)}${JSON.stringify(source)};`);
    } else if (statement.type !== 'ExportNamedDeclaration') {
      preamble.push(code.slice(statement.start, statement.end));
    }
  }
  while (node?.type === 'TSAsExpression' || node?.type === 'ParenthesizedExpression') node = node.expression;
  if (!node) throw new Error(`pick-strings: no \`${name}\` in ${file}`);
  return { code, node, preamble: preamble.join('\n') };
}

/**
 * The strings table: the areas' index (shared/i18n/zh-CN/index.ts), which zh-CN.ts's `zhCN`
 * spreads, re-exports each area from its own module (`export { service } from './service.ts'`,
 * which esbuild writes as an import and an export), each area loaded from that module.
 * @returns {Promise<Map<string, Area>>}
 */
async function loadTable() {
  const { program } = await parseModule(AREAS);
  /** @type {Map<string, { file: string, name: string }>} */
  const importedFrom = new Map();
  /** @type {Array<{ exported: string, local: string, file?: string }>} */
  const exported = [];
  const name = (/** @type {Node} */ id) => id.name ?? id.value;
  for (const statement of program.body) {
    const file = statement.source ? resolve(dirname(AREAS), statement.source.value) : undefined;
    if (statement.type === 'ImportDeclaration' && file) {
      for (const s of statement.specifiers) if (s.type === 'ImportSpecifier') importedFrom.set(s.local.name, { file, name: name(s.imported) });
    } else if (statement.type === 'ExportNamedDeclaration' && !statement.declaration) {
      for (const s of statement.specifiers) exported.push({ exported: name(s.exported), local: name(s.local), file });
    }
  }
  /** @type {Map<string, Area>} */
  const areas = new Map();
  for (const e of exported) {
    const from = e.file ? { file: e.file, name: e.local } : importedFrom.get(e.local);
    if (!from) throw new Error(`pick-strings: \`${e.exported}\` in ${AREAS} is not an area re-exported from its own module`);
    areas.set(e.exported, await loadArea(from.file, from.name));
  }
  return areas;
}

/**
 * The value node at `path` in the table, or the deepest plain-object prefix of it, with its area.
 * @param {Map<string, Area>} areas
 * @param {string[]} path
 * @returns {{ node: Node, path: string[], area: Area }}
 */
function walk(areas, path) {
  const area = areas.get(path[0] ?? '');
  if (!area) throw new Error(`pick-strings: no \`${path[0]}\` in the strings table`);
  let node = area.node;
  const taken = [path[0] ?? ''];
  for (const key of path.slice(1)) {
    if (node.type !== 'ObjectExpression') break;
    const property = node.properties.find(
      (/** @type {Node} */ p) => p.type === 'Property' && !p.computed && (p.key.name ?? p.key.value) === key,
    );
    if (!property) throw new Error(`pick-strings: no \`${[...taken, key].join('.')}\` in the strings table`);
    node = property.value;
    taken.push(key);
  }
  return { node, path: taken, area };
}

/**
 * Calls `visit(node, parent)` for every AST node.
 * @param {Node} node
 * @param {(node: Node, parent: Node | undefined) => void} visit
 * @param {Node} [parent]
 */
function each(node, visit, parent) {
  visit(node, parent);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) if (child && typeof child.type === 'string') each(child, visit, node);
    if (value && typeof value === 'object' && typeof value.type === 'string') each(value, visit, node);
  }
}

/**
 * The property paths a module reads from the imported table names, or null when it uses the table otherwise.
 * @param {Node} program
 * @param {Set<string>} locals
 * @param {Set<Node>} specifiers
 */
function usedPaths(program, locals, specifiers) {
  /** @type {Map<Node, Node | undefined>} */
  const parents = new Map();
  each(program, (node, parent) => parents.set(node, parent));
  /** @type {string[][]} */
  const paths = [];
  let dynamic = false;
  for (const [node, parent] of parents) {
    if (node.type !== 'Identifier' || !locals.has(node.name) || (parent && specifiers.has(parent))) continue;
    const path = [];
    let current = node;
    let up = parent;
    while (up?.type === 'MemberExpression' && up.object === current && !up.computed) {
      path.push(up.property.name);
      current = up;
      up = parents.get(up);
    }
    // A property key or a member named like the table (`x.t`) is not a use of it.
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) continue;
    if (parent?.type === 'Property' && parent.key === node && !parent.shorthand) continue;
    if (!path.length) dynamic = true;
    else paths.push(path);
  }
  return dynamic ? null : paths;
}

/**
 * @param {string[][]} paths
 * @param {(path: string[]) => string} name
 */
function nested(paths, name) {
  /** @type {Record<string, any>} */
  const root = {};
  for (const path of paths) {
    let node = root;
    for (const key of path.slice(0, -1)) node = node[key] ??= {};
    node[path.at(-1) ?? ''] = name(path);
  }
  /** @param {Record<string, any>} node @returns {string} */
  const print = (node) =>
    `{ ${Object.entries(node)
      .map(([key, value]) => `${JSON.stringify(key)}: ${typeof value === 'string' ? value : print(value)}`)
      .join(', ')} }`;
  return print(root);
}

/** @returns {import('vite').Plugin} */
export function pickStrings() {
  /** @type {ReturnType<typeof loadTable> | undefined} */
  let loaded;
  const table = () => (loaded ??= loadTable());
  return {
    name: 'shouhu-pick-strings',
    enforce: 'post',
    applyToEnvironment: (environment) => environment.config.consumer === 'client',
    resolveId: (id) => (id.startsWith(PREFIX) ? id : undefined),
    async load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const { node, area } = walk(await table(), id.slice(PREFIX.length).split('.'));
      return `${area.preamble}\nexport default ${area.code.slice(node.start, node.end)};\n`;
    },
    async transform(code, id) {
      if (id.startsWith('\0') || id.includes('/node_modules/') || !/\.[cm]?[jt]sx?$|\.astro\?.*lang\.ts$/.test(id) || !code.includes('zh-CN')) return undefined;
      const program = /** @type {Node} */ (/** @type {unknown} */ (parseAst(code)));
      /** @type {Node[]} */
      const imports = [];
      /** The imports of the areas' index (the others import zh-CN.ts). */
      const ofAreas = new Set();
      for (const statement of program.body) {
        if (statement.type !== 'ImportDeclaration') continue;
        const resolved = await this.resolve(statement.source.value, id);
        const file = resolved?.id.split('?')[0];
        if (file === STRINGS || file === AREAS) imports.push(statement);
        if (file === AREAS) ofAreas.add(statement);
      }
      if (!imports.length) return undefined;
      const locals = new Set();
      const specifiers = new Set();
      for (const statement of imports) {
        for (const s of statement.specifiers) {
          specifiers.add(s);
          // `import { t } from '…/zh-CN.ts'`, or the areas as one namespace: `import * as t from '…/zh-CN/index.ts'`.
          const isTable = !ofAreas.has(statement) && s.type === 'ImportSpecifier' && TABLE_NAMES.has(s.imported.name ?? s.imported.value);
          const isAreas = ofAreas.has(statement) && s.type === 'ImportNamespaceSpecifier';
          if (!isTable && !isAreas) {
            this.warn(`${id}: imports the strings table in a way pick-strings does not follow; it keeps the whole table`);
            return undefined;
          }
          locals.add(s.local.name);
        }
      }
      const used = usedPaths(program, locals, specifiers);
      if (!used) {
        this.warn(`${id}: uses the strings table other than by property paths; it keeps the whole table`);
        return undefined;
      }
      const root = await table();
      // Each path cut where the table or the access stops being plain; a path under another is covered by it.
      const cut = [...new Set(used.map((path) => walk(root, path).path.join('.')))].sort();
      const kept = cut.filter((path) => !cut.some((other) => other !== path && path.startsWith(`${other}.`)));
      const paths = kept.map((path) => path.split('.'));
      /** @param {string[]} path */
      const binding = (path) => `__strings_${path.join('_')}`;
      const declarations = [
        ...paths.map((path) => `import ${binding(path)} from ${JSON.stringify(PREFIX + path.join('.'))};`),
        ...[...locals].map((local) => `const ${local} = ${nested(paths, binding)};`),
      ].join('\n');
      let out = code;
      for (const statement of [...imports].sort((a, b) => b.start - a.start)) out = out.slice(0, statement.start) + out.slice(statement.end);
      return { code: `${declarations}\n${out}`, map: null };
    },
  };
}
