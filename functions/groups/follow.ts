/** Following a centre or a district: the pages under `/follow/` (sign-up, confirmation, stop). */
import { followPages } from '../routes/follow-pages.ts';
import type { GroupDeps } from '../groups.ts';
import { groupOf } from './group-app.ts';

export function followGroup(deps: GroupDeps) {
  return groupOf({ pages: followPages(deps.cases ? { cases: deps.cases } : {}) });
}
