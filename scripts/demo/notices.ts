/**
 * Demo safety notices and fee guidance for 信阳市, loaded by `npm start` into
 * an empty database (scripts/demo/load.ts). Written through the same
 * workflow as staff would: drafted by city.publisher, approved by
 * city.approver (Xinyang requires a second publisher). The guidance price
 * is invented for the demo and says so in its source: Xinyang's real
 * 政府指导价 was not available.
 */
import type { Db } from '../../functions/data/client.ts';
import { createFeeGuidance, allFeeGuidance } from '../../functions/data/fee-guidance.ts';
import { saveNotice } from '../../functions/data/notices.ts';
import { buildFeeGuidance, feeRulesOf } from '../../functions/fees/guidance.ts';
import { approve, createDraft, publish } from '../../shared/rules/notices.ts';
import { jurisdiction } from '../../shared/jurisdiction/index.ts';
import type { Actor } from '../../shared/schemas/common.ts';
import { FeeGuidanceInput, NoticeContent } from '../../shared/schemas/guidance.ts';

export const demoPublisher: Actor = { staffId: 'city.publisher', name: '市教育体育局发布员（演示）', departmentId: 'education-411500' };
export const demoApprover: Actor = { staffId: 'city.approver', name: '市教育体育局审核员（演示）', departmentId: 'education-411500' };

const DAY = 86_400_000;

/** The demo notices: slug, content, and how many days before loading they went up. */
function demoNotices(now: Date) {
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY).toISOString();
  return [
    {
      slug: 'prepayment-letter-to-parents',
      daysAgo: 20,
      content: {
        title: '致全市中小学生家长的一封信：警惕校外培训预付费风险',
        summary: '一次缴费不超过3个月或60课时，非学科类不超过5000元；只把钱交进机构的监管账户，保留好合同和收据。',
        topic: 'letter_to_parents',
        districtCodes: [],
        categories: [],
        pinned: true,
        publishAt: daysAgo(20),
        bodyMarkdown: `各位家长：

为保护您的合法权益，给孩子报校外培训班时，请注意以下几点。

## 报名前：查资质

在本平台“查机构”中核实机构是否在白名单上。合规机构应当在经营场所醒目位置挂出**办学许可证**和**营业执照**。

## 缴费时：守规矩

- 一次缴费不超过 **3个月或60课时**；非学科类一次不超过 **5000元**。
- 只把钱交进机构在全国校外教育培训监管与服务综合平台登记的**监管账户**，不转个人账户，不用聊天软件转账给个人，不办“培训贷”。
- 签订《中小学生校外培训服务合同（示范文本）》，保留收据和聊天记录。

不清楚是否合规？请用[收费核对](/fees/check/)算一算。

## 遇到问题：找对门

收费、退费问题可以在本平台[投诉举报](/complaints/new/?kind=fees)，也可以拨打 12345 或 12315。

信阳市“双减”工作协调机制办公室`,
      },
    },
    {
      slug: 'fire-safety-winter-check',
      daysAgo: 6,
      content: {
        title: '冬季校外培训场所消防安全提醒',
        summary: '冬季用火用电多，请留意培训场所的安全出口、疏散通道和消防设施是否完好。',
        topic: 'fire',
        districtCodes: ['411502', '411503'],
        categories: [],
        pinned: false,
        publishAt: daysAgo(6),
        bodyMarkdown: `送孩子上课时，请花一分钟看一看：

![安全出口标志](/notices/media/fire-exit.svg)

1. **安全出口**有没有被锁住或堵住，标志灯是否亮着；
2. **疏散通道**是否畅通，有没有堆放杂物；
3. 教室里有没有私拉乱接电线、使用大功率电器取暖；
4. 灭火器是否在有效期内。

发现隐患，请在本平台[投诉举报](/complaints/new/?kind=fire_hazard)，或拨打 119、12345。`,
      },
    },
    {
      slug: 'dance-sports-injury-prevention',
      daysAgo: 3,
      content: {
        title: '舞蹈、体育培训防受伤：按年龄和身体状况选课程',
        summary: '下腰、劈叉等高难度动作要在专业教师保护下循序渐进；选课前先了解孩子的身体状况。',
        topic: 'sports_dance',
        districtCodes: [],
        categories: ['sports', 'arts'],
        pinned: false,
        publishAt: daysAgo(3),
        bodyMarkdown: `舞蹈和体育训练中的“下腰”等动作，如果强度过大、保护不当，可能造成严重伤害。

- 选择有资质的机构和持证教师；
- 上课前充分热身，不要在孩子疲劳时练高难度动作；
- 孩子说疼、说麻，要立即停止训练并就医；
- 确认机构已投保责任保险。`,
      },
    },
  ] satisfies Array<{ slug: string; daysAgo: number; content: NoticeContent }>;
}

/** The demo guidance price (invented, marked as such): 学科类, the whole city, from 2025-09-01. */
export const DEMO_GUIDANCE: FeeGuidanceInput = FeeGuidanceInput.parse({
  title: '学科类校外培训政府指导价（演示数据）',
  document: '演示数据：信阳市学科类校外培训政府指导价（并非真实文件）',
  effectiveFrom: '2025-09-01',
  categories: ['academic'],
  districtCodes: [],
  rules: [{ check: 'guidance_price', id: 'guidance-price-academic', basePricePerHour: 4_000, maxAbovePercent: 10 }],
  advice: ['线下集体班每课时按45分钟计。价格以基准价为上限参考，最多上浮10%，下浮不限。'],
});

/** Loads the demo notices (live, approved) and the demo guidance; answers how many notices. */
export async function loadDemoNotices(db: Db, now: Date = new Date()): Promise<number> {
  const notices = demoNotices(now);
  for (const demo of notices) {
    const at = new Date(now.getTime() - demo.daysAgo * DAY);
    const content = NoticeContent.parse(demo.content);
    let notice = await saveNotice(db, createDraft({ slug: demo.slug, content, actor: demoPublisher, now: at }));
    notice = await saveNotice(db, publish(notice, demoPublisher, at, jurisdiction.notices.approvalRequired));
    if (notice.approval) await saveNotice(db, approve(notice, demoApprover, at));
  }
  const existing = feeRulesOf(jurisdiction, await allFeeGuidance(db));
  await createFeeGuidance(
    db,
    buildFeeGuidance(DEMO_GUIDANCE, { id: 'fg-demo000001', actor: demoPublisher, now: new Date('2025-08-15T02:00:00Z'), existing }),
  );
  return notices.length;
}
