/**
 * docs/routing.md, generated from the routing tables (shared/jurisdiction/
 * routing-*.ts) so it cannot drift from them: for each jurisdiction, who
 * supervises each category, the time limits of each priority, and for every
 * complaint kind the lead, the co-handling departments, the priority and why,
 * the legal basis, and the departments each institution category resolves to.
 * Bilingual headings and labels; the citations stay in Chinese, as the
 * documents are written. `scripts/docs-routing.ts` writes the file;
 * `scripts/docs-routing.test.ts` fails when the committed file differs.
 */
import { departmentKindName } from '../../shared/jurisdiction/departments.ts';
import { ROUTING_CATEGORIES, type CaseDeadline, type DepartmentRef, type Jurisdiction, type RoutingRule } from '../../shared/jurisdiction/types.ts';
import { matchRoutingRule, resolveDepartment } from '../../shared/rules/routing.ts';
import { COMPLAINT_FORM_KINDS } from '../../shared/schemas/cases.ts';
import { ComplaintKinds, InstitutionCategories, Priorities, type ComplaintKind, type DepartmentKind, type InstitutionCategory, type Priority } from '../../shared/vocabulary.ts';

const DEPARTMENT_EN: Record<DepartmentKind, string> = {
  education: 'Education (and Sports) Bureau',
  sports: 'Sports Bureau',
  culture: 'Culture, Radio, TV and Tourism Bureau',
  science: 'Science and Technology Bureau',
  market: 'Market Regulation Administration',
  civil_affairs: 'Civil Affairs Bureau',
  approval: 'Administrative Approval Bureau',
  police: 'Public Security Bureau (police)',
  fire: 'Fire and Rescue',
  hrss: 'Human Resources and Social Security Bureau',
  health: 'Health Commission',
  cyberspace: 'Cyberspace Office',
};

const KIND_EN: Record<ComplaintKind, string> = {
  unlicensed: 'Training without a licence',
  disguised_tutoring: 'Disguised subject tutoring',
  teacher_paid_tutoring: 'In-service school teachers tutoring for pay',
  fees: 'Other fee problems',
  refund_or_absconding: 'Refund refused or delayed',
  false_advertising: 'False advertising',
  safety_hazard: 'Unsafe premises or equipment',
  fire_hazard: 'Fire hazard',
  unchecked_staff: 'Staff without background checks or qualifications',
  child_harm: 'Harm to a child',
  unsuitable_materials: 'Unsuitable training materials',
  outside_hours: 'Training outside permitted hours',
  other: 'Other',
  licensed_beyond_scope: 'Business licence but no school licence, or beyond the licensed scope',
  deregistered_still_teaching: 'Deregistered but still teaching',
  online_tutoring: 'Unlawful online subject tutoring',
  prepaid_over_limit: 'Prepayment over the limits',
  price_not_marked: 'Prices not marked, price fraud',
  above_guidance_price: 'Above the government guidance price',
  money_outside_account: 'Money outside the supervised account, training loans',
  non_standard_contract: 'Non-standard contract',
  absconding: 'Institution absconded or closed suddenly',
  wage_arrears_layoffs: 'Wage arrears and layoffs',
  food_hygiene: 'Hygiene or food',
};

const CATEGORY_EN: Record<InstitutionCategory, string> = {
  academic: 'academic subjects',
  sports: 'sports',
  arts: 'arts',
  science: 'science and technology',
  early_education: 'early education',
  vocational: 'vocational training',
  after_school_care: 'after-school care',
};

const PRIORITY_EN: Record<Priority, string> = { emergency: 'emergency', urgent: 'urgent', normal: 'normal' };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function deadlineText(d: CaseDeadline): string {
  return 'hours' in d ? `${d.hours}小时 / ${d.hours} hours` : `${d.workingDays}个工作日 / ${d.workingDays} working days`;
}

function refText(ref: DepartmentRef, j: Jurisdiction): string {
  return ref === 'category_supervisor' ? '机构类别的主管部门 / the category’s supervisor' : `${departmentKindName(ref, j)} / ${DEPARTMENT_EN[ref]}`;
}

function deptText(kind: DepartmentKind, j: Jurisdiction): string {
  return `${departmentKindName(kind, j)} (${DEPARTMENT_EN[kind]})`;
}

function columnLabel(category: InstitutionCategory | undefined): string {
  return category ? `${InstitutionCategories.label(category)} (${CATEGORY_EN[category]})` : '名单上没有 (not on the list)';
}

/** The lead and co-handling a row gives each category, as a table. */
function resolvedTable(rule: RoutingRule, j: Jurisdiction): string[] {
  const lines = ['| 机构类别 Category | 牵头 Lead | 协办 Co-handling |', '| --- | --- | --- |'];
  for (const category of ROUTING_CATEGORIES) {
    const input = category ? { category } : {};
    const lead = resolveDepartment(rule.lead, input, j.routing);
    const co = [...new Set(rule.coHandling.map((ref) => resolveDepartment(ref, input, j.routing)))].filter((d) => d !== lead);
    lines.push(`| ${columnLabel(category)} | ${deptText(lead, j)} | ${co.length ? co.map((d) => deptText(d, j)).join('；') : '—'} |`);
  }
  return lines;
}

function ruleSection(title: string, rule: RoutingRule, j: Jurisdiction): string[] {
  const lines = [
    `#### ${title}`,
    '',
    `- 规则 Rule: \`${rule.id}\``,
    `- 牵头 Lead: ${refText(rule.lead, j)}`,
    `- 协办 Co-handling: ${rule.coHandling.length ? rule.coHandling.map((r) => refText(r, j)).join('；') : '—'}`,
    `- 优先级 Priority: ${Priorities.label(rule.priority)} (${PRIORITY_EN[rule.priority]}) — 受理 accept: ${deadlineText(rule.accept)}；办结 conclude: ${deadlineText(rule.conclude)}${rule.concludeCountsFrom === 'accepted' ? '，自受理之日起 / counted from acceptance' : ''}`,
  ];
  if (rule.priorityReason) lines.push(`- 优先级理由 Why this priority: ${rule.priorityReason}`);
  lines.push('- 依据 Legal basis:', ...rule.basis.map((b) => `  - ${b}`));
  if (rule.note) lines.push(`- 分拣提示 Note for triage: ${rule.note}`);
  lines.push('', ...resolvedTable(rule, j), '');
  return lines;
}

function jurisdictionSection(j: Jurisdiction): string[] {
  const t = j.routing;
  const lines = [`## ${j.province}${j.name} (${j.code})`, '', '### 谁审批谁监管 Who supervises each category', '', '| 机构类别 Category | 主管部门 Supervisor | 依据 Basis |', '| --- | --- | --- |'];
  for (const category of InstitutionCategories.keys) {
    lines.push(`| ${columnLabel(category)} | ${deptText(t.supervision[category], j)} | ${cell(t.supervisionBasis?.[category] ?? '')} |`);
  }
  lines.push(`| ${columnLabel(undefined)} | ${deptText(t.unknownCategorySupervisor, j)} | ${cell(t.unknownCategoryBasis ?? '')} |`, '');

  lines.push('### 时限 Time limits by priority', '', '| 优先级 Priority | 受理 Accept within | 办结 Conclude within | 投诉类型 Kinds |', '| --- | --- | --- | --- |');
  for (const priority of Priorities.keys) {
    const rows = t.rules.filter((r) => r.caseType === 'complaint' && r.priority === priority);
    if (!rows.length) continue;
    const limits = [...new Set(rows.map((r) => `${deadlineText(r.accept)} | ${deadlineText(r.conclude)}`))];
    const kinds = rows.map((r) => (r.kind ? ComplaintKinds.label(r.kind) : '其他 (default)')).join('、');
    for (const limit of limits) lines.push(`| ${Priorities.label(priority)} (${PRIORITY_EN[priority]}) | ${limit} | ${kinds} |`);
  }
  lines.push('', '### 投诉举报 Complaints: kind × category', '', '（按投诉表单的顺序 In the order of the complaint form）', '');
  for (const kind of COMPLAINT_FORM_KINDS) {
    const rule = matchRoutingRule({ caseType: 'complaint', kind, districtCode: j.districts[0]!.code }, t);
    lines.push(...ruleSection(`${ComplaintKinds.label(kind)} — ${KIND_EN[kind]} (\`${kind}\`)`, rule, j));
  }
  lines.push('### 退费纠纷 Refund disputes', '');
  lines.push(...ruleSection('退费纠纷 — Refund dispute', matchRoutingRule({ caseType: 'refund_dispute', districtCode: j.districts[0]!.code }, t), j));
  const specific = t.rules.filter((r) => r.category || r.districtCode);
  if (specific.length) {
    lines.push('### 按类别或区县的例外 Exceptions by category or district', '');
    for (const r of specific) lines.push(...ruleSection(`${r.id}`, r, j));
  }
  return lines;
}

export function renderRoutingDoc(jurisdictions: readonly Jurisdiction[]): string {
  const lines = [
    '<!-- Generated by `npm run docs:routing` from shared/jurisdiction/routing-*.ts. Do not edit: change the table and run the script. -->',
    '',
    '# 分办规则 Routing of complaints and refund disputes',
    '',
    '本页列出每个地区的分办规则：每类投诉、每类机构由哪个部门牵头、哪些部门协办、优先级和理由、办理时限，以及每条规则的法律和政策依据。本页由分办规则数据自动生成，与系统实际分办一致。',
    '',
    'This page lists, for each jurisdiction, which department leads each kind of complaint for each category of institution, who co-handles it, its priority and why, its time limits, and the legal basis of each rule. It is generated from the routing data the service uses, so it says what the service does. Citations are given in Chinese, as the documents are written.',
    '',
    '- 修改方法 How a city changes it: README.md, “How a city changes the routing table”.',
    '- 机构类别的主管部门 “The category’s supervisor” means the department that approves and supervises that category (谁审批谁监管), from the first table of each jurisdiction; a registry record can name another for one institution.',
    '- 法条条号须经法制部门核对后上线 Article numbers are to be confirmed by a legal office before a city goes live.',
    '',
  ];
  for (const j of jurisdictions) lines.push(...jurisdictionSection(j));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
