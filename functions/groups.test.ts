import { describe, expect, it } from 'vitest';
import { patternToRegExp } from '../infra/routes.ts';
import { routeGroups } from './groups.ts';

describe('the route groups', () => {
  it('are each handed every address they answer: each route of a group lies within the paths the app mounts it at', async () => {
    const groups = routeGroups({ db: {} as never, now: () => new Date(), privateStore: {} as never });
    for (const [name, { paths, group }] of Object.entries(groups)) {
      const patterns = paths.map(patternToRegExp);
      const routes = (await group.load()).app.routes.filter((r) => r.method !== 'ALL');
      expect(routes.length, name).toBeGreaterThan(0);
      const unreachable = routes.filter((r) => !patterns.some((re) => re.test(r.path.replace(/\*$/, '')))).map((r) => `${r.method} ${r.path}`);
      expect(unreachable, name).toEqual([]);
    }
  });
});
