/**
 * Demo complaints and refund disputes for 信阳市, loaded by `npm start` into
 * an empty database (scripts/demo/load.ts), through the real services: each
 * filed by the intake (functions/cases/intake.ts, routing, encrypted
 * contact and all) on its own date over the last ten weeks, then worked
 * through the transition table (functions/cases/transitions.ts, merge.ts)
 * step by step on later dates, as staff would have: accepted or declined,
 * some transferred, paused and resumed, concluded with an outcome, given
 * feedback, one reopened to the supervisor, one merged into its original.
 * So the queues, the families' timelines, the risk ledger and the
 * dashboard's counters are all real.
 *
 * Featured, for the README walkthrough:
 * - refund disputes against one sports institution of 浉河区 (the first
 *   approved one in the demo list), open, so the risk ledger flags it, with
 *   a 一企一策 plan started by city.supervisor;
 * - cases in both 浉河区 and 平桥区 education offices' queues, some overdue.
 *
 * About one case per ten institutions, 200 for the full demo city.
 * Deterministic for a seed, except for case numbers and access codes
 * (drawn by the intake, as in production), and dated relative to `now`.
 */
import { randomUUID } from 'node:crypto';
import { allowAll } from '../../functions/cases/abuse.ts';
import { submitCase, type Submission } from '../../functions/cases/intake.ts';
import { performCaseAction } from '../../functions/cases/merge.ts';
import { addPlanItem, savePlanSummary } from '../../functions/cases/risk-ledger.ts';
import { departmentById } from '../../functions/cases/routing.ts';
import { caseServices, type CaseServices } from '../../functions/cases/services.ts';
import { giveFeedback } from '../../functions/cases/transitions.ts';
import { getCase } from '../../functions/data/cases.ts';
import type { Db } from '../../functions/data/client.ts';
import { runPool } from '../../functions/import/pool.ts';
import { jurisdiction } from '../../shared/jurisdiction/index.ts';
import { nthWorkingDayAfterDate } from '../../shared/rules/working-days.ts';
import type { CaseTransitionInput, ComplaintInput, RefundDisputeInput } from '../../shared/schemas/cases.ts';
import type { StaffSummary } from '../../shared/schemas/staff.ts';
import type { ComplaintKind, PaymentMethod } from '../../shared/vocabulary.ts';
import { DEFAULT_DEMO_SEED, generateInstitutions, type DemoInstitution } from './institutions.ts';
import { createRng, type Rng } from './prng.ts';
import { demoStaff } from './staff.ts';

export interface DemoCasesOptions {
  /** How many demo institutions were loaded (the cases are about them): one case per ten, 12 to 200. */
  institutions: number;
  seed?: number | string;
  now?: Date;
  concurrency?: number;
}

export interface DemoCasesResult {
  cases: number;
  /** The institution with several open refund disputes: flagged in the risk ledger. */
  flaggedInstitutionId: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const KIND_WEIGHTS: Record<ComplaintKind | 'refund_dispute', number> = {
  refund_dispute: 30,
  fees: 22,
  disguised_tutoring: 10,
  unlicensed: 8,
  false_advertising: 6,
  safety_hazard: 5,
  outside_hours: 5,
  teacher_paid_tutoring: 4,
  refund_or_absconding: 3,
  fire_hazard: 2,
  unchecked_staff: 2,
  unsuitable_materials: 1,
  child_harm: 0,
  other: 2,
  // Kinds added later (issue 13): none in the demo mix, so the seeded demo stays as it was.
  licensed_beyond_scope: 0,
  deregistered_still_teaching: 0,
  online_tutoring: 0,
  prepaid_over_limit: 0,
  price_not_marked: 0,
  above_guidance_price: 0,
  money_outside_account: 0,
  non_standard_contract: 0,
  absconding: 0,
  wage_arrears_layoffs: 0,
  food_hygiene: 0,
};

const DESCRIPTIONS: Partial<Record<ComplaintKind, string[]>> = {
  fees: [
    '机构要求一次性缴纳一年的学费共9600元，并让我们转账到老师的个人微信。',
    '报名时说每课时120元，上课后又要求补交教材费和场地费，价格没有明码标示。',
    '机构推出“充值送课时”活动，一次充值8000元，超过了规定的上限。',
  ],
  disguised_tutoring: [
    '小区一套住房里每天晚上有十几个初中生在上数学和英语课，门口没有任何招牌。',
    '机构名义上是“思维训练”，实际上教的是小学奥数和课本内容。',
    '以“研学营”的名义开设暑假学科辅导班，每天上语文数学课。',
  ],
  unlicensed: ['这家培训班没有办学许可证，在写字楼里招了很多学生，问起来说证件在办理中。', '机构只有营业执照，没有办学许可证，却在招收学生上舞蹈课。'],
  false_advertising: ['机构宣传“保证提分30分”“名师一对一”，实际授课老师是刚毕业的学生。', '传单上写着“教育局指定培训机构”，我们查了名单上没有。'],
  safety_hazard: ['教室在地下室，没有窗户，楼梯扶手松动，孩子上下课很危险。', '跆拳道馆的护具破损，地垫很薄，孩子训练时摔伤了。'],
  fire_hazard: ['培训机构只有一个出口，走廊堆满了杂物，灭火器已经过期。'],
  outside_hours: ['线上课程每天晚上十点才结束，孩子第二天上学没有精神。', '周末线下课从早上七点一直上到晚上九点。'],
  teacher_paid_tutoring: ['孩子班主任在校外租房给本班学生补课，每人每月收费1500元。'],
  refund_or_absconding: ['机构突然关门，老师联系不上，几十个家庭的学费退不回来。'],
  unchecked_staff: ['机构的老师经常更换，问起来说没有做过背景审查。'],
  unsuitable_materials: ['培训使用的课外读物里有不适合小学生的内容。'],
  other: ['机构上课时间经常临时变更，家长很难安排接送。'],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '胡', '朱', '郭', '何', '罗', '高', '林'];
const STREETS = ['民权路', '中山路', '东方红大道', '新七大道', '北京大街', '申城大道', '平桥大道', '羊山新区新五街'];
const UNLISTED = ['某某教育咨询有限公司', '阳光辅导工作室', '启明托管中心', '优学课堂', '小书童培训班', '星火学堂'];

/** The demo staff account, or a stand-in handler, of the department leading a case. */
function handlerOf(departmentId: string, supervisor = false): StaffSummary {
  const department = departmentById(departmentId, jurisdiction)!;
  const account = demoStaff.find((s) => s.departmentId === departmentId && (supervisor ? (s.roles as readonly string[]).includes('supervisor') : s.roles[0] === 'editor'));
  const summary = { id: department.id, name: department.name, kind: department.kind, regionCode: department.regionCode };
  if (account) return { username: account.username, name: account.name, roles: [...account.roles], department: summary };
  return { username: 'demo-handler', name: '演示数据', roles: [supervisor ? 'supervisor' : 'editor'], department: summary };
}

/** 10:00-17:00 Beijing time on the nth working day after `from`. */
function workingDayAt(from: string, n: number, rng: Rng): Date {
  const day = nthWorkingDayAfterDate(from, n, jurisdiction.calendar);
  return new Date(Date.parse(`${day}T02:00:00Z`) + rng.int(7 * 60) * 60_000);
}

function mobile(rng: Rng): string {
  return `1${rng.pick(['38', '39', '58', '86', '77'])}${String(rng.int(1e8)).padStart(8, '0')}`;
}

function contact(rng: Rng) {
  return { name: `${rng.pick(SURNAMES)}${rng.pick(['女士', '先生'])}`, mobile: mobile(rng) };
}

function complaint(rng: Rng, kind: ComplaintKind, inst: DemoInstitution | undefined, districtCode: string, happenedOn: string): ComplaintInput {
  return {
    kind,
    institution: inst
      ? { institutionId: inst.id }
      : { unlistedName: `${rng.pick(UNLISTED)}`, unlistedAddress: `信阳市${jurisdiction.districts.find((d) => d.code === districtCode)!.name}${rng.pick(STREETS)}${rng.between(1, 200)}号` },
    districtCode,
    happenedOn,
    description: rng.pick(DESCRIPTIONS[kind] ?? DESCRIPTIONS.other!),
    ...(rng.chance(0.8) ? { contact: contact(rng) } : {}),
    consent: true,
  };
}

function refundDispute(rng: Rng, inst: DemoInstitution | undefined, districtCode: string, contractOn: string): RefundDisputeInput {
  const lessonsBought = rng.pick([24, 36, 48, 60, 96]);
  const lessonsConsumed = rng.int(Math.floor(lessonsBought / 2));
  const pricePerLesson = rng.pick([8000, 10000, 12000, 15000]);
  const amountPaid = lessonsBought * pricePerLesson;
  const amountAsked = (lessonsBought - lessonsConsumed) * pricePerLesson;
  const paymentMethod: PaymentMethod = rng.pick(['supervised_account', 'supervised_account', 'personal_transfer', 'chat_app']);
  return {
    institution: inst
      ? { institutionId: inst.id }
      : { unlistedName: rng.pick(UNLISTED), unlistedAddress: `信阳市${rng.pick(STREETS)}${rng.between(1, 200)}号`, unlistedCategory: 'arts' },
    districtCode,
    contractOn,
    modelContractUsed: rng.chance(0.6),
    paymentMethod,
    amountPaid,
    lessonsBought,
    lessonsConsumed,
    pricePerLesson,
    amountAsked,
    institutionResponse: rng.pick(['机构说老师离职了，课暂停，退费要等三个月。', '机构称合同约定不退费。', '机构一直不接电话。']),
    contact: contact(rng),
    consent: true,
  };
}

interface Plan {
  submission: Submission;
  at: Date;
  /** How far along it gets (the steps stop at `now` anyway). */
  fate: 'open' | 'decline' | 'transfer' | 'conclude' | 'pause' | 'reopen';
}

async function file(db: Db, services: CaseServices, plan: Plan): Promise<string> {
  const { receipt } = await submitCase(db, services, plan.submission, {
    idempotencyKey: randomUUID(),
    request: { clientKey: 'demo-loader', headers: new Headers(), rawBody: plan.submission.input },
    now: plan.at,
  });
  return receipt.caseNumber;
}

/** Works a filed case through its fate, each step on a later date, none after `now`. */
async function work(db: Db, caseNumber: string, plan: Plan, rng: Rng, now: Date): Promise<void> {
  let at = plan.at;
  const step = async (when: Date, input: Omit<CaseTransitionInput, 'expectedVersion'>, supervisor = false): Promise<boolean> => {
    if (when.getTime() >= now.getTime()) return false;
    const stored = (await getCase(db, caseNumber))!;
    at = when;
    await performCaseAction(db, { caseNumber, input: { ...input, expectedVersion: stored.record.version } as CaseTransitionInput, staff: handlerOf(stored.record.leadDepartmentId, supervisor), now: when }, jurisdiction);
    return true;
  };
  const later = (workingDays: number) => workingDayAt(at.toISOString(), workingDays, rng);
  const sameDay = (hours: number) => new Date(at.getTime() + hours * HOUR);

  if (plan.fate === 'open') {
    if (rng.chance(0.4)) await step(sameDay(2), { action: 'claim' });
    if (rng.chance(0.5) && (await step(later(rng.between(1, 4)), { action: 'accept' }))) await step(sameDay(1), { action: 'start' });
    return;
  }
  if (plan.fate === 'decline') {
    await step(later(rng.between(1, 5)), {
      action: 'decline',
      reason: '反映的是商品房装修纠纷，不属于校外培训监管范围',
      nextSteps: '请拨打 12315 向市场监管部门反映，或向所在街道人民调解委员会申请调解',
    });
    return;
  }
  if (plan.fate === 'transfer') {
    const stored = (await getCase(db, caseNumber))!;
    const to = stored.record.leadDepartmentId.startsWith('culture') ? `education-${stored.record.districtCode}` : `culture-${stored.record.districtCode}`;
    if (!(await step(later(rng.between(1, 3)), { action: 'transfer', toDepartmentId: to, reason: '经核实，这家机构开展的是艺术类培训，由文化广电和旅游部门监管' }))) return;
    if (await step(later(rng.between(1, 3)), { action: 'accept' })) await step(sameDay(1), { action: 'start' });
    return;
  }
  // Accepted (on time, mostly), then worked.
  if (!(await step(later(rng.chance(0.85) ? rng.between(1, 6) : rng.between(8, 10)), { action: 'accept' }))) return;
  if (!(await step(sameDay(1), { action: 'start', ...(rng.chance(0.3) ? { note: '已指派专人负责，先电话联系机构负责人' } : {}) }))) return;
  if (plan.fate === 'pause' || rng.chance(0.1)) {
    if (!(await step(later(rng.between(1, 3)), { action: 'pause', pauseReason: 'waiting_for_family', note: '请家长补交缴费凭证和合同照片' }))) return;
    if (!(await step(later(rng.between(2, 5)), { action: 'resume' }))) return;
  }
  if (rng.chance(0.5) && !(await step(later(rng.between(1, 4)), { action: 'progress', message: '已到机构现场核查，正在调取收费和上课记录' }))) return;
  const stored = (await getCase(db, caseNumber))!;
  const refund = stored.record.type === 'refund_dispute';
  const outcome = rng.weighted({ substantiated: 5, partly_substantiated: 3, not_substantiated: 2 });
  const concluded = await step(later(rng.between(3, 15)), {
    action: 'conclude',
    outcome,
    actionTaken: refund ? '组织双方调解，机构同意按未上课时退还费用' : outcome === 'not_substantiated' ? '现场核查未发现所反映的问题，已向机构提出规范办学的要求' : '责令机构限期整改，并约谈机构负责人',
    ...(refund ? { amountRecovered: outcome === 'not_substantiated' ? 0 : Math.round((stored.record.refund?.amountAsked ?? 0) * (outcome === 'substantiated' ? 1 : 0.5)) } : {}),
  });
  if (!concluded) return;
  const feedbackAt = later(rng.between(1, 4));
  if (feedbackAt.getTime() >= now.getTime()) return;
  if (plan.fate === 'reopen') {
    await giveFeedback(db, { caseNumber, satisfied: false, comment: '退费还没有到账', now: feedbackAt }, jurisdiction);
    at = feedbackAt;
    await step(later(rng.between(1, 3)), { action: 'progress', message: '督办人员已重新核查，正在督促机构退费' }, true);
    return;
  }
  if (rng.chance(0.7)) await giveFeedback(db, { caseNumber, satisfied: rng.chance(0.85), now: feedbackAt }, jurisdiction);
}

export async function loadDemoCases(db: Db, options: DemoCasesOptions): Promise<DemoCasesResult> {
  const now = options.now ?? new Date();
  const rng = createRng(`cases-${options.seed ?? DEFAULT_DEMO_SEED}`);
  const services = caseServices({ abuse: allowAll });
  const institutions = generateInstitutions({ count: options.institutions, seed: options.seed ?? DEFAULT_DEMO_SEED });
  const listed = institutions.filter((i) => i.status === 'approved');
  const count = Math.min(200, Math.max(12, Math.round(options.institutions / 10)));

  // The institution the ledger flags: a sports centre of 浉河区, supervised by its education office.
  const flagged = listed.find((i) => i.fields.districtCode === '411502' && i.fields.category === 'sports') ?? listed[0]!;
  const plans: Plan[] = [];
  const dateOf = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
  for (let i = 0; i < 5; i++) {
    const at = new Date(now.getTime() - (20 - i * 4) * DAY - rng.int(8) * HOUR);
    const submission: Submission = { type: 'refund_dispute', input: refundDispute(rng, flagged, flagged.fields.districtCode, dateOf(new Date(at.getTime() - 60 * DAY))) };
    plans.push({ submission, at, fate: 'open' });
  }
  plans.push({
    submission: { type: 'complaint', input: { ...complaint(rng, 'refund_or_absconding', flagged, flagged.fields.districtCode, dateOf(new Date(now.getTime() - 9 * DAY))) } },
    at: new Date(now.getTime() - 8 * DAY),
    fate: 'open',
  });

  // The rest: across kinds, districts (the two city districts busiest) and ten weeks.
  const districtWeights = Object.fromEntries(jurisdiction.districts.map((d) => [d.code, d.code === '411502' || d.code === '411503' ? 6 : 1])) as Record<string, number>;
  const fates: Record<Plan['fate'], number> = { open: 3, decline: 1, transfer: 1, conclude: 6, pause: 1, reopen: 0 };
  for (let i = plans.length; i < count; i++) {
    const ageDays = rng.next() * 70;
    const at = new Date(now.getTime() - ageDays * DAY - HOUR);
    const districtCode = rng.weighted(districtWeights);
    const kind = i === count - 1 ? 'child_harm' : rng.weighted(KIND_WEIGHTS);
    const inDistrict = listed.filter((x) => x.fields.districtCode === districtCode && x.id !== flagged.id);
    const inst = inDistrict.length && rng.chance(0.7) ? rng.pick(inDistrict) : undefined;
    const submission: Submission =
      kind === 'refund_dispute'
        ? { type: 'refund_dispute', input: refundDispute(rng, inst, districtCode, dateOf(new Date(at.getTime() - 45 * DAY))) }
        : {
            type: 'complaint',
            input:
              kind === 'child_harm'
                ? { ...complaint(rng, 'child_harm', inst, districtCode, dateOf(at)), description: '孩子说培训班老师经常单独把他留在教室里训斥，还动手推搡，孩子现在很害怕去上课。' }
                : complaint(rng, kind, inst, districtCode, dateOf(new Date(at.getTime() - rng.int(10) * DAY))),
          };
    // Recent cases are still open; older ones mostly concluded.
    const fate: Plan['fate'] = ageDays < 10 ? 'open' : i === plans.length + 3 ? 'reopen' : rng.weighted(fates);
    plans.push({ submission, at, fate });
  }

  const filed = await runPool(
    plans,
    async (plan, index) => {
      const caseNumber = await file(db, services, plan);
      await work(db, caseNumber, plan, createRng(`case-${options.seed ?? DEFAULT_DEMO_SEED}-${index}`), now);
      return caseNumber;
    },
    { concurrency: options.concurrency ?? 4, stopOnError: true },
  );
  const failed = filed.find((o) => o.state === 'failed');
  if (failed) throw failed.error;

  // A duplicate: the same matter reported again a day later, merged into the first report.
  const original = filed.find((o, i) => o.state === 'done' && plans[i]!.submission.type === 'complaint' && plans[i]!.fate === 'open' && i > 6);
  if (original?.state === 'done') {
    const first = (await getCase(db, original.value))!;
    if (first.record.state !== 'closed' && !first.record.mergedInto) {
      const at = new Date(Math.min(now.getTime() - HOUR, Date.parse(first.record.submittedAt) + DAY));
      const again = await submitCase(db, services, { type: 'complaint', input: { ...complaint(rng, first.record.complaint!.kind, undefined, first.record.districtCode, dateOf(at)), institution: first.record.institution.id ? { institutionId: first.record.institution.id } : { unlistedName: first.record.institution.name, unlistedAddress: first.record.institution.address ?? '信阳市' } } }, {
        idempotencyKey: randomUUID(),
        request: { clientKey: 'demo-loader', headers: new Headers(), rawBody: {} },
        now: at,
      });
      const dup = (await getCase(db, again.receipt.caseNumber))!;
      if (dup.record.leadDepartmentId === first.record.leadDepartmentId) {
        await performCaseAction(db, {
          caseNumber: dup.record.caseNumber,
          input: { action: 'merge', originalCaseNumber: first.record.caseNumber, expectedVersion: dup.record.version },
          staff: handlerOf(dup.record.leadDepartmentId),
          now: new Date(at.getTime() + HOUR),
        }, jurisdiction);
      }
    }
  }

  // 一企一策: the supervisor starts a plan for the flagged institution.
  const supervisor = demoStaff.find((s) => s.username === 'city.supervisor')!;
  const actor = { staffId: supervisor.username, name: supervisor.name, departmentId: supervisor.departmentId };
  const planAt = new Date(now.getTime() - 2 * DAY);
  const plan = await savePlanSummary(db, {
    institutionId: flagged.id,
    summary: '机构退费纠纷集中，存在“爆雷”风险：约谈负责人，核查监管账户余额，组织集中调解，督促按未上课时退费。',
    expectedVersion: 0,
    actor,
    now: planAt,
  });
  const withItem = await addPlanItem(db, { institutionId: flagged.id, text: '约谈机构法定代表人，要求书面说明资金去向', dueOn: dateOf(new Date(now.getTime() + 3 * DAY)), expectedVersion: plan.version, actor, now: new Date(planAt.getTime() + HOUR) });
  await addPlanItem(db, { institutionId: flagged.id, text: '会同市场监管部门核查监管账户余额', dueOn: dateOf(new Date(now.getTime() + 10 * DAY)), expectedVersion: withItem.version, actor, now: new Date(planAt.getTime() + 2 * HOUR) });

  return { cases: plans.length + 1, flaggedInstitutionId: flagged.id };
}
