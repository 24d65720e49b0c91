/**
 * Demo institutions for 信阳市 and its ten districts: realistic, varied and
 * deterministic. `generateInstitutions({ count, seed })` returns the same
 * records, byte for byte, for the same seed; the demo loader, the tests and
 * the benchmarks all draw from it.
 *
 * Every record is valid against `InstitutionFields`; credit codes and licence
 * numbers are unique however many are asked for (they are derived from the
 * record's index, not drawn at random), and names are unique too.
 *
 * The first few records are fixed, for the README walkthrough and the tests
 * (see FEATURED below): their ids are exported as constants.
 */
import { xinyang } from '../../shared/jurisdiction/xinyang.ts';
import { supervisingDepartmentKind } from '../../shared/jurisdiction/index.ts';
import type { District } from '../../shared/jurisdiction/types.ts';
import { creditCodeCheckCharacter } from '../../shared/rules/credit-code.ts';
import type { InstitutionFields, StatusChange } from '../../shared/schemas/institution.ts';
import type {
  FundSupervisionMode,
  InstitutionCategory,
  InstitutionStatus,
  ProfitType,
} from '../../shared/vocabulary.ts';
import { createRng, weightTable, type Rng } from './prng.ts';
import {
  BRANDS,
  BRAND_FIRST,
  BRAND_SECOND,
  PLACE_BRANDS,
  SPECIALTIES,
  COMPANY_TAILS,
  FORMER_STEMS,
  CATEGORY_WEIGHTS,
  STATUS_WEIGHTS,
  ACADEMIC_STATUS_WEIGHTS,
  STREETS,
  COMMON_STREETS,
  ADDRESS_DETAILS,
  DISTRICT_WEIGHTS,
  DISTRICT_ABBREVIATIONS,
  ISSUER_NAMES,
  DISTRICT_ISSUERS,
  LICENCE_PREFIXES,
  DECISION_ABBREVIATIONS,
  BANKS,
  RECTIFICATION_REASONS,
  RESTORE_REASONS,
  REVOCATION_REASONS,
  DEREGISTRATION_REASONS,
  ACADEMIC_DEREGISTRATION_REASON,
  BLACKLIST_REASONS,
  RECTIFY_FINDINGS,
  FAILED_FINDINGS,
} from './institution-words.ts';

export interface DemoInstitution {
  id: string;
  fields: InstitutionFields;
  /** The status it has now: the last entry of statusHistory. */
  status: InstitutionStatus;
  /** Oldest first; the first entry is the listing (always 'approved', on the licence's issue date). */
  statusHistory: StatusChange[];
}

/** Every date in the demo data is on or before this day, so the data does not depend on when it is generated. */
export const DEMO_AS_OF = '2026-10-31';
export const DEFAULT_DEMO_SEED = 20261101;

/** A stable, URL-safe id for the record at this index: `xy` and six base-36 digits. */
export function demoInstitutionId(index: number): string {
  return `xy${index.toString(36).padStart(6, '0')}`;
}

/** 信阳市小天鹅舞蹈培训中心: arts, 浉河区, approved, formerly 浉河区小天鹅艺术培训部. */
export const DEMO_SWAN_ID = demoInstitutionId(0);
/** 信阳市状元郎教育培训学校: deregistered, kept teaching (假注销、真运营), blacklisted. */
export const DEMO_BLACKLISTED_ID = demoInstitutionId(1);
/** 平桥区飞鹰跆拳道馆: licence revoked after failing to rectify. */
export const DEMO_REVOKED_ID = demoInstitutionId(2);
/** 信阳市星辰机器人编程培训中心: ordered to stop and rectify (停业整改). */
export const DEMO_RECTIFICATION_ID = demoInstitutionId(3);

// ---------------------------------------------------------------------------
// Dates (whole days, UTC)

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDays = new Map<number, string>();
/** The ISO date of a day number, cached: the data spans only a few thousand days. */
function isoOfDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, iso);
  }
  return iso;
}
const AS_OF_DAY = dayNumber(DEMO_AS_OF);
/** Issue-date windows: in force for most approved ones, expired for a few, older for the struck-off. */
const ISSUE_WINDOWS = {
  current: [dayNumber('2023-11-01'), dayNumber('2026-08-31')],
  expired: [dayNumber('2020-06-01'), dayNumber('2023-09-30')],
  older: [dayNumber('2019-03-01'), dayNumber('2025-06-30')],
} as const;
const FUND_WEIGHTS = weightTable<FundSupervisionMode>({ bank_custody: 72, risk_deposit: 22, none: 6 });
const TROUBLED_FUND_WEIGHTS = weightTable<FundSupervisionMode>({ bank_custody: 50, risk_deposit: 20, none: 30 });
const REGION_WEIGHTS = weightTable({ city: 3, district: 4, none: 2 });
const COMPANY_REGION_WEIGHTS = weightTable({ city: 3, district: 4, none: 0 });

/** The last day of a licence valid for `years` from `issuedOn`. */
function expiryOf(issuedOn: string, years: number): string {
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  return isoOfDay(Date.UTC(y + years, m - 1, d) / DAY_MS - 1);
}

const randomDay = (rng: Rng, from: number, to: number) => (to <= from ? from : rng.between(from, to));

// ---------------------------------------------------------------------------
// Unique identifiers derived from the index

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_SPACE = 31 ** 7;
/** Multiplier of an affine bijection on [0, 31^7): coprime to 31, so distinct indexes give distinct codes. */
const ORG_MULTIPLIER = 2_654_435;

function organisationPart(index: number, offset: number): string {
  let n = (index * ORG_MULTIPLIER + offset) % ORG_SPACE;
  let out = '';
  for (let i = 0; i < 7; i++) {
    out = ORG_ALPHABET[n % 31]! + out;
    n = Math.floor(n / 31);
  }
  return out;
}

/** 52 + district + MJ… for a 民办非企业单位; 91 + district + MA… for a company; then the check character. */
function creditCodeFor(index: number, offset: number, profitType: ProfitType, districtCode: string): string {
  const first17 =
    profitType === 'non_profit'
      ? `52${districtCode}MJ${organisationPart(index, offset)}`
      : `91${districtCode}MA${organisationPart(index, offset)}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

// ---------------------------------------------------------------------------

interface Featured {
  name: string;
  formerNames: string[];
  category: InstitutionCategory;
  specialty: string;
  profitType: ProfitType;
  districtCode: string;
  street: string;
  issuedOn: string;
  scope: string;
  /** The changes after listing, oldest first. */
  changes: Array<StatusChange & { sanction?: InstitutionFields['sanctions'][number]['kind'] }>;
  inspections: InstitutionFields['inspections'];
}

/** The fixed records at the start of every data set. */
const FEATURED: readonly Featured[] = [
  {
    name: '信阳市小天鹅舞蹈培训中心',
    formerNames: ['浉河区小天鹅艺术培训部'],
    category: 'arts',
    specialty: '舞蹈',
    profitType: 'non_profit',
    districtCode: '411502',
    street: '民权路18号二楼',
    issuedOn: '2024-03-01',
    scope: '中国舞、拉丁舞',
    changes: [],
    inspections: [
      { on: '2025-05-20', kind: 'random_sample', result: 'passed' },
      { on: '2026-04-16', kind: 'routine', result: 'passed' },
    ],
  },
  {
    name: '信阳市状元郎教育培训学校',
    formerNames: [],
    category: 'academic',
    specialty: '教育',
    profitType: 'non_profit',
    districtCode: '411502',
    street: '中山路206号三楼',
    issuedOn: '2019-08-15',
    scope: '义务教育阶段语文、数学、英语',
    changes: [
      { status: 'deregistered', on: '2022-06-30', reason: ACADEMIC_DEREGISTRATION_REASON, decisionNumber: '信教审〔2022〕41号' },
      {
        status: 'blacklisted',
        on: '2025-09-12',
        reason: '注销后仍以原名义招生培训（“假注销、真运营”），列入黑名单',
        decisionNumber: '信教监〔2025〕37号',
        sanction: 'trade_ban',
      },
    ],
    inspections: [{ on: '2025-09-05', kind: 'complaint', result: 'failed', findings: '已注销机构在原址以“托管”名义开展学科类培训' }],
  },
  {
    name: '平桥区飞鹰跆拳道馆',
    formerNames: [],
    category: 'sports',
    specialty: '跆拳道',
    profitType: 'non_profit',
    districtCode: '411503',
    street: '平中大街88号',
    issuedOn: '2022-04-10',
    scope: '跆拳道',
    changes: [
      { status: 'rectification', on: '2025-03-18', reason: '消防安全检查不合格，疏散通道堵塞，责令停业整改', decisionNumber: '平教监〔2025〕9号', sanction: 'stop_operating' },
      { status: 'revoked', on: '2025-06-20', reason: '停业整改期满仍未整改到位', decisionNumber: '平教罚〔2025〕15号', sanction: 'licence_revoked' },
    ],
    inspections: [
      { on: '2025-03-11', kind: 'random_sample', result: 'rectify', findings: '消防通道堆放杂物；安全疏散指示标志缺失' },
      { on: '2025-06-10', kind: 'special', result: 'failed', findings: '复查仍未整改到位' },
    ],
  },
  {
    name: '信阳市星辰机器人编程培训中心',
    formerNames: [],
    category: 'science',
    specialty: '机器人',
    profitType: 'non_profit',
    districtCode: '411502',
    street: '新七大道56号综合楼三层',
    issuedOn: '2023-09-01',
    scope: '机器人搭建与编程',
    changes: [
      { status: 'rectification', on: '2026-10-09', reason: '一次性收取超过3个月的培训费用，违反预收费监管规定', decisionNumber: '信科监〔2026〕6号', sanction: 'stop_enrolling' },
    ],
    inspections: [{ on: '2026-09-28', kind: 'complaint', result: 'rectify', findings: '一次性收取12个月培训费用，未进入监管账户' }],
  },
];

export interface GenerateOptions {
  count: number;
  seed?: number | string;
}

/** Generates `count` demo institutions; the same seed gives the same records. */
export function generateInstitutions({ count, seed = DEFAULT_DEMO_SEED }: GenerateOptions): DemoInstitution[] {
  const rng = createRng(seed);
  const districts = xinyang.districts;
  const districtByCode = new Map(districts.map((d) => [d.code, d]));
  const orgOffset = rng.int(ORG_SPACE);
  const licenceSerials = new Map<string, number>();
  const names = new Set<string>();
  const out: DemoInstitution[] = [];

  const nextLicenceNumber = (prefix: string, districtCode: string) => {
    const group = `${prefix}${districtCode}`;
    const serial = (licenceSerials.get(group) ?? rng.between(100, 900)) + rng.between(1, 3);
    licenceSerials.set(group, serial);
    return `${prefix}1${districtCode}7${String(serial).padStart(7, '0')}号`;
  };

  const branchCounters = new Map<string, number>();
  /** A name no other record has: a few fresh draws, then a branch (分校) of the last one drawn. */
  const uniqueName = (draw: () => string, district: District, street: string) => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const name = draw();
      if (!names.has(name)) return name;
    }
    const base = draw();
    const branch = `${base}${street.replace(/[0-9号].*$/, '')}分校`;
    if (!names.has(branch)) return branch;
    const town = district.name.length > 2 ? district.name.replace(/[区县]$/, '') : district.name;
    for (let n = branchCounters.get(base) ?? 2; ; n++) {
      const numbered = `${base}${town}第${n}分校`;
      if (!names.has(numbered)) {
        branchCounters.set(base, n + 1);
        return numbered;
      }
    }
  };

  for (let index = 0; index < count; index++) {
    const featured = FEATURED[index];
    const category: InstitutionCategory = featured?.category ?? rng.weighted(CATEGORY_WEIGHTS);
    const specialty = featured
      ? SPECIALTIES[category].find((s) => s.word === featured.specialty)!
      : rng.pick(SPECIALTIES[category]);
    const district = featured ? districtByCode.get(featured.districtCode)! : districtByCode.get(rng.weighted(DISTRICT_WEIGHTS))!;
    // 学科类 institutions had to become non-profit in 2021.
    const profitType: ProfitType = featured?.profitType ?? (category === 'academic' || rng.chance(0.45) ? 'non_profit' : 'for_profit');
    const supervisor = supervisingDepartmentKind(category);
    const street = featured?.street ?? addressStreet(rng, district.code);

    // Name: [region] brand specialty-stem, or for a company: region brand word tail.
    const placeBrand = rng.chance(0.12);
    let brand = '';
    const drawName = () => {
      brand = placeBrand
        ? rng.pick(PLACE_BRANDS)
        : rng.chance(0.5)
          ? rng.pick(BRANDS)
          : `${rng.pick(BRAND_FIRST)}${rng.pick(BRAND_SECOND)}`;
      const region = placeBrand ? '' : rng.weighted(profitType === 'for_profit' ? COMPANY_REGION_WEIGHTS : REGION_WEIGHTS);
      const prefix = region === 'city' ? xinyang.name : region === 'district' ? district.name : '';
      if (profitType === 'non_profit') return `${prefix}${brand}${rng.pick(specialty.stems)}`;
      const tail = rng.pick(COMPANY_TAILS[category]);
      return `${prefix}${brand}${tail.includes(specialty.word) ? '' : specialty.word}${tail}`;
    };
    const name = featured?.name ?? uniqueName(drawName, district, street);
    names.add(name);
    const formerNames = featured?.formerNames ?? (rng.chance(0.12) ? [formerNameOf(rng, name, brand, district)] : []);

    const status: InstitutionStatus = featured
      ? (featured.changes.at(-1)?.status ?? 'approved')
      : rng.weighted(category === 'academic' ? ACADEMIC_STATUS_WEIGHTS : STATUS_WEIGHTS);

    // Licence: approved ones mostly in force, a few expired (a trap parents should see); struck-off ones older.
    const issuedDay = featured
      ? dayNumber(featured.issuedOn)
      : status === 'approved'
        ? randomDay(rng, ...(rng.chance(0.07) ? ISSUE_WINDOWS.expired : ISSUE_WINDOWS.current))
        : randomDay(rng, ...ISSUE_WINDOWS.older);
    const issuedOn = isoOfDay(issuedDay);
    const expiresOn = expiryOf(issuedOn, featured ? 3 : rng.chance(0.8) ? 3 : 5);
    const issuerKind = supervisor;
    const issuer = DISTRICT_ISSUERS.includes(issuerKind)
      ? `${district.name}${ISSUER_NAMES[issuerKind]}`
      : `${xinyang.name}${ISSUER_NAMES[issuerKind] ?? '教育体育局'}`;
    const licenceNumber = nextLicenceNumber(LICENCE_PREFIXES[issuerKind] ?? '教民', district.code);

    // History, inspections and sanctions.
    const history: StatusChange[] = [{ status: 'approved', on: issuedOn, reason: '列入名单' }];
    const inspections: InstitutionFields['inspections'] = [];
    const sanctions: InstitutionFields['sanctions'] = [];
    const decisionNumber = (kindChar: '监' | '罚' | '审', day: number) => {
      const place = rng.chance(0.3) ? '信' : DISTRICT_ABBREVIATIONS[district.code]!;
      return `${place}${DECISION_ABBREVIATIONS[issuerKind] ?? '教'}${kindChar}〔${isoOfDay(day).slice(0, 4)}〕${rng.between(1, 160)}号`;
    };

    if (featured) {
      for (const change of featured.changes) {
        const { sanction, ...entry } = change;
        history.push(entry);
        if (sanction) sanctions.push({ on: entry.on, kind: sanction, decisionNumber: entry.decisionNumber ?? '', summary: entry.reason });
      }
      inspections.push(...featured.inspections);
    } else {
      let day = issuedDay + rng.between(60, 200);
      const inspect = (result: 'passed' | 'rectify' | 'failed', until: number) => {
        const on = randomDay(rng, day, Math.min(until, AS_OF_DAY));
        if (on > AS_OF_DAY) return;
        const findings = result === 'rectify' ? rng.pick(RECTIFY_FINDINGS) : result === 'failed' ? rng.pick(FAILED_FINDINGS) : undefined;
        inspections.push({
          on: isoOfDay(on),
          kind: result === 'passed' ? (rng.chance(0.4) ? 'random_sample' : 'routine') : rng.pick(['random_sample', 'special', 'complaint'] as const),
          result,
          ...(findings ? { findings } : {}),
        });
        day = on + rng.between(20, 120);
      };
      // Routine checks while it ran normally.
      const routine = rng.between(0, 3);
      const endOfNormal = status === 'approved' ? AS_OF_DAY : Math.min(AS_OF_DAY - 30, day + 900);
      for (let i = 0; i < routine && day < endOfNormal; i++) inspect(rng.chance(0.85) ? 'passed' : 'rectify', day + 300);
      const change = (next: InstitutionStatus, reason: string, kindChar: '监' | '罚' | '审', sanction?: InstitutionFields['sanctions'][number]['kind']) => {
        const on = Math.min(day + rng.between(5, 30), AS_OF_DAY);
        const doc = decisionNumber(kindChar, on);
        history.push({ status: next, on: isoOfDay(on), reason, decisionNumber: doc });
        if (sanction) sanctions.push({ on: isoOfDay(on), kind: sanction, decisionNumber: doc, summary: reason });
        day = on + rng.between(30, 120);
      };

      if (status === 'approved' && rng.chance(0.08) && day < AS_OF_DAY - 200) {
        inspect('rectify', day + 200);
        change('rectification', rng.pick(RECTIFICATION_REASONS), '监', rng.chance(0.5) ? 'warning' : 'stop_enrolling');
        change('approved', rng.pick(RESTORE_REASONS), '监');
      } else if (status === 'approved' && rng.chance(0.03) && day < AS_OF_DAY - 60) {
        const on = randomDay(rng, day, AS_OF_DAY);
        sanctions.push({ on: isoOfDay(on), kind: rng.pick(['warning', 'fine'] as const), decisionNumber: decisionNumber('罚', on), summary: rng.pick(RECTIFICATION_REASONS).replace(/，责令停业整改$/, '') });
      } else if (status === 'rectification') {
        inspect('rectify', day + 120);
        change('rectification', rng.pick(RECTIFICATION_REASONS), '监', rng.pick(['stop_enrolling', 'stop_operating'] as const));
      } else if (status === 'revoked') {
        if (rng.chance(0.5)) {
          inspect('rectify', day + 120);
          change('rectification', rng.pick(RECTIFICATION_REASONS), '监', 'stop_operating');
        }
        inspect('failed', day + 60);
        change('revoked', category === 'academic' ? '违规开展学科类培训且拒不改正' : rng.pick(REVOCATION_REASONS), '罚', 'licence_revoked');
      } else if (status === 'deregistered') {
        change('deregistered', category === 'academic' ? ACADEMIC_DEREGISTRATION_REASON : rng.pick(DEREGISTRATION_REASONS), '审');
      } else if (status === 'blacklisted') {
        if (rng.chance(0.5)) change('deregistered', category === 'academic' ? ACADEMIC_DEREGISTRATION_REASON : rng.pick(DEREGISTRATION_REASONS), '审');
        else {
          inspect('failed', day + 60);
          change('revoked', rng.pick(REVOCATION_REASONS), '罚', 'licence_revoked');
        }
        change('blacklisted', rng.pick(BLACKLIST_REASONS), '罚', 'trade_ban');
      }
    }

    // Fund supervision, insurance and safety checks: weaker for the ones in trouble.
    const troubled = status !== 'approved';
    const mode: FundSupervisionMode = rng.weighted(troubled ? TROUBLED_FUND_WEIGHTS : FUND_WEIGHTS);
    const lastFireCheck = rng.chance(troubled ? 0.5 : 0.85) ? isoOfDay(randomDay(rng, Math.max(issuedDay, AS_OF_DAY - 400), AS_OF_DAY)) : undefined;
    const staffChecks = rng.chance(troubled ? 0.5 : 0.9) ? isoOfDay(randomDay(rng, Math.max(issuedDay, AS_OF_DAY - 700), AS_OF_DAY)) : undefined;

    const fields: InstitutionFields = {
      name,
      formerNames,
      category,
      profitType,
      districtCode: district.code,
      premises: [{ address: `${xinyang.name}${district.name}${street}`, districtCode: district.code }],
      licence: {
        number: licenceNumber,
        issuer,
        issuedOn,
        expiresOn,
        scope: featured?.scope ?? rng.pick(specialty.scopes),
      },
      registration: {
        creditCode: creditCodeFor(index, orgOffset, profitType, district.code),
        type: profitType === 'for_profit' ? 'business_licence' : 'non_enterprise_certificate',
      },
      fundSupervision: mode === 'none' ? { mode } : { mode, bank: rng.pick(BANKS) },
      insured: featured ? true : rng.chance(troubled ? 0.6 : 0.93),
      ...(lastFireCheck ? { lastFireCheckOn: lastFireCheck } : {}),
      ...(staffChecks ? { staffChecksOn: staffChecks } : {}),
      inspections,
      sanctions,
    };
    out.push({ id: demoInstitutionId(index), fields, status: history.at(-1)!.status, statusHistory: history });
  }
  return out;
}

function addressStreet(rng: Rng, districtCode: string): string {
  const streets = STREETS[districtCode] ?? COMMON_STREETS;
  const street = rng.chance(0.8) ? rng.pick(streets) : rng.pick(COMMON_STREETS);
  return `${street}${rng.between(1, 399)}号${rng.pick(ADDRESS_DETAILS)}`;
}

/** An earlier name: the district, the same brand, an older kind of place (培训部, 培训班 …). */
function formerNameOf(rng: Rng, name: string, brand: string, district: District): string {
  const former = `${district.name}${brand}${rng.pick(FORMER_STEMS)}`;
  return former === name ? `${district.name}${brand}培训学校` : former;
}
