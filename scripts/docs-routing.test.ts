import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xiangyuan } from '../shared/jurisdiction/xiangyuan.ts';
import { xinyang } from '../shared/jurisdiction/xinyang.ts';
import { ComplaintKinds } from '../shared/vocabulary.ts';
import { ROUTING_DOC_PATH, routingDoc } from './docs-routing.ts';

describe('docs/routing.md', () => {
  it('is what npm run docs:routing generates from the routing tables (run it after changing a table)', () => {
    expect(readFileSync(ROUTING_DOC_PATH, 'utf8')).toBe(routingDoc());
  });

  it('lists both jurisdictions, every kind, and the basis of every row', () => {
    const doc = routingDoc();
    expect(doc).toContain('## 河南省信阳市 (411500)');
    expect(doc).toContain('## 山西省襄垣县 (140423)');
    for (const kind of ComplaintKinds.keys) expect(doc.split(`(\`${kind}\`)`).length - 1, kind).toBe(2);
    for (const rule of [...xinyang.routing.rules, ...xiangyuan.routing.rules]) {
      for (const basis of rule.basis) expect(doc, rule.id).toContain(basis);
    }
  });

  it('resolves each kind per category, as the service routes it', () => {
    // 襄垣县: sports training goes to the 卫生健康和体育局, and safety hazards to the police.
    expect(routingDoc()).toMatch(/体育类 \(sports\) \| 卫生健康和体育局 \(Sports Bureau\)/);
    expect(routingDoc()).toContain('| 体育类 (sports) | 公安局 (Public Security Bureau (police)) | 消防救援大队 (Fire and Rescue)；卫生健康和体育局 (Sports Bureau) |');
  });
});
