import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyTests } from './projects.ts';

const root = mkdtempSync(join(tmpdir(), 'shouhu-projects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The fixtures' sources are put together, so that this file does not itself read as importing or injecting what they do.
const imports = (name: string, from: string) => `import { ${name} } from '${from}';\n`;
const injects = (name: string) => `const value = inject${"('"}${name}')`;

function write(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('which project a test file runs in', () => {
  it('puts a file in the project of the resources it reaches, through helpers too', () => {
    write({
      'test/support/db.ts': "export const db = 1;",
      'test/support/browser-site.ts': `${imports('db', './db.ts')}export const useBrowserSite = () => db;`,
      'test/builders/thing.ts': `${imports('db', '../support/db.ts')}export const thing = db;`,
      'shared/pure.test.ts': imports('it', 'vitest'),
      'functions/data/store.test.ts': imports('thing', '../../test/builders/thing.ts'),
      'test/integration/endpoint.test.ts': injects('dynamoEndpoint'),
      'test/integration/pages.test.ts': injects('siteDir'),
      'test/browser/journey.test.ts': imports('it', 'vitest'),
      // A browser test written outside test/browser/ (a component beside its code) through the helper.
      'functions/pages/badge.test.ts': imports('useBrowserSite', '../../test/support/browser-site.ts'),
    });
    const projects = classifyTests(root);
    expect(projects.unit).toEqual(['shared/pure.test.ts']);
    expect(projects.db.sort()).toEqual(['functions/data/store.test.ts', 'test/integration/endpoint.test.ts']);
    expect(projects.site.sort()).toEqual(['functions/pages/badge.test.ts', 'test/browser/journey.test.ts', 'test/integration/pages.test.ts']);
  });
});
