/**
 * The fee pages as HTML for the fees page shell (site/src/pages/fees/shell/):
 * the guidance page /fees/ (published by functions/publish/notices.ts), and
 * the checker /fees/check/ (rendered per request by functions/routes/fee-check.ts).
 * Every value is escaped by hono/html.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import * as t from '#shared/i18n/zh-CN/index.ts';
// The served jurisdiction's districts as plain data: this module does not load or parse the jurisdiction.
import { districtName, servedDistricts } from '#shared/jurisdiction/districts.ts';
import type { FeeRule } from '#shared/jurisdiction/types.ts';
import { formatYuan, rulesInForce } from '#shared/rules/fees.ts';
import type { FeeCheckInput, FeeCheckResult, FeeGuidance } from '#shared/schemas/guidance.ts';
import { InstitutionCategories, PaymentChannels, PaymentFinancings, PaymentMethods } from '#shared/vocabulary.ts';
import { errorSummary as kitErrorSummary, summaryItems } from '#shared/ui/error-summary.ts';
import { fieldId as kitFieldId } from '#shared/ui/field-id.ts';
import { controlAria, field } from '#shared/ui/field.ts';
import { attr, flag, html as kitHtml, type SafeHtml } from '#shared/ui/html.ts';
import { outcomeBadge } from '#shared/ui/status-badge.ts';
import { describeRule, describeScope } from './guidance.ts';
import { SUBMITTED_FIELD, type FormField, type FormValues } from './form.ts';

const f = t.fees;
const c = t.fees.check;
type Html = HtmlEscapedString | Promise<HtmlEscapedString> | SafeHtml;

export const FEES_PATH = '/fees/';
export const CHECK_PATH = '/fees/check/';

// ---------------------------------------------------------------------------
// /fees/: the rules, every version with its dates, and the regulators' guidance
// ---------------------------------------------------------------------------

export type VersionState = 'in_force' | 'upcoming' | 'superseded';

export interface RuleVersion {
  rule: FeeRule;
  state: VersionState;
  /** For a superseded version: the day a later version replaced it (everywhere it applied). */
  until?: string;
}

/**
 * Every rule version and its state on `today`: in force (it is the version
 * `checkCharge` would apply in at least one district), upcoming, or
 * superseded, with the day it stopped applying.
 */
export function ruleVersions(rules: readonly FeeRule[], today: string): RuleVersion[] {
  const inForce = new Set<FeeRule>();
  for (const d of servedDistricts) {
    for (const r of rulesInForce(rules.filter((x) => !x.districtCodes || x.districtCodes.includes(d.code)), today)) inForce.add(r);
  }
  return rules.map((rule) => {
    if (rule.source.effectiveFrom > today) return { rule, state: 'upcoming' };
    if (inForce.has(rule)) return { rule, state: 'in_force' };
    // It stopped applying in a district when the first later version there took effect; everywhere, at the last of those days.
    const area = rule.districtCodes ?? servedDistricts.map((d) => d.code);
    const replacedOn = area
      .map((code) =>
        rules
          .filter((x) => x.id === rule.id && x.source.effectiveFrom > rule.source.effectiveFrom && x.source.effectiveFrom <= today)
          .filter((x) => !x.districtCodes || x.districtCodes.includes(code))
          .map((x) => x.source.effectiveFrom)
          .sort()[0],
      )
      .filter((d): d is string => d !== undefined)
      .sort();
    return { rule, state: 'superseded', ...(replacedOn.length ? { until: replacedOn.at(-1)! } : {}) };
  });
}

/** The first day after `today` on which a version takes effect: the page must be published again then. */
export function nextEffectiveDate(rules: readonly FeeRule[], today: string): string | undefined {
  return rules.map((r) => r.source.effectiveFrom).filter((d) => d > today).sort()[0];
}

function rulesTable(caption: string, versions: RuleVersion[], withUntil: boolean): Html {
  return html`<div class="table-wrap"><table class="fee-rules">
  <caption class="visually-hidden">${caption}</caption>
  <thead><tr><th scope="col">${f.rule}</th><th scope="col">${f.threshold}</th><th scope="col">${f.scope}</th><th scope="col">${f.source}</th><th scope="col">${f.effectiveFrom}</th>${withUntil ? html`<th scope="col">${f.effectiveUntil}</th>` : ''}</tr></thead>
  <tbody>${versions.map(
    (v) => html`<tr><th scope="row">${v.rule.title}</th><td>${describeRule(v.rule)}</td><td>${describeScope(v.rule)}</td><td>${v.rule.source.document}</td><td class="fee-rules__date">${v.rule.source.effectiveFrom}</td>${withUntil ? html`<td class="fee-rules__date">${v.until ?? ''}</td>` : ''}</tr>`,
  )}</tbody>
</table></div>`;
}

export function renderGuidancePage(input: { rules: readonly FeeRule[]; guidance: readonly FeeGuidance[]; today: string }): Html {
  const versions = ruleVersions(input.rules, input.today);
  const of = (state: VersionState) => versions.filter((v) => v.state === state);
  const publications = input.guidance.filter((g) => g.status === 'published').sort((a, b) => b.source.effectiveFrom.localeCompare(a.source.effectiveFrom));
  const scopeOf = (g: FeeGuidance) => describeScope({ categories: g.categories, ...(g.districtCodes.length ? { districtCodes: g.districtCodes } : {}) });
  return html`<div class="fees">
  <h1 class="heading-l">${t.nav.fees}</h1>
  <p class="lead">${f.lead}</p>
  <p><a class="button" href="${CHECK_PATH}">${f.checkCta}</a></p>

  <h2 class="heading-m" id="in-force">${f.inForceHeading}</h2>
  <p>${f.inForceText}</p>
  ${rulesTable(f.inForceHeading, of('in_force'), false)}

  ${of('upcoming').length ? html`<h2 class="heading-m" id="upcoming">${f.upcomingHeading}</h2>${rulesTable(f.upcomingHeading, of('upcoming'), false)}` : ''}

  <h2 class="heading-m" id="advice">${f.adviceHeading}</h2>
  <ul class="list list--bullet prose">${f.advice.map((a) => html`<li>${a}</li>`)}</ul>

  <h2 class="heading-m" id="publications">${f.publicationsHeading}</h2>
  ${publications.length
    ? publications.map(
        (g) => html`<section class="fee-publication" aria-labelledby="pub-${g.id}">
  <h3 id="pub-${g.id}">${g.title}</h3>
  <dl class="summary-list">
    <div class="summary-list__row"><dt>${f.source}</dt><dd>${g.source.document}</dd></div>
    <div class="summary-list__row"><dt>${f.effectiveFrom}</dt><dd>${g.source.effectiveFrom}</dd></div>
    <div class="summary-list__row"><dt>${f.scope}</dt><dd>${scopeOf(g)}</dd></div>
  </dl>
  ${g.rules.length ? html`<ul class="list list--bullet">${g.rules.map((r) => html`<li>${r.title}：${describeRule(r)}</li>`)}</ul>` : ''}
  ${g.advice.length ? html`<ul class="list list--bullet">${g.advice.map((a) => html`<li>${a}</li>`)}</ul>` : ''}
</section>`,
      )
    : html`<p>${f.noPublications}</p>`}

  ${of('superseded').length ? html`<h2 class="heading-m" id="history">${f.historyHeading}</h2><p>${f.historyHint}</p>${rulesTable(f.historyHeading, of('superseded'), true)}` : ''}
</div>`;
}

// ---------------------------------------------------------------------------
// /fees/check/: the form, and the answer
// ---------------------------------------------------------------------------

const fieldId = (name: FormField) => kitFieldId(name, 'fee');

/** The form's fields in order, for the error summary's links. */
const FIELD_ORDER: FormField[] = ['category', 'districtCode', 'amount', 'hours', 'months', 'pricePerLesson', 'paymentMethod', 'financing', 'date', 'classMode', 'classEndsAt', 'institutionId'];

/** "There is a problem", linking to each field that is wrong, with the same words as the field's message. */
export const errorSummary = (errors: Partial<Record<string, string>>) => kitErrorSummary({ items: summaryItems(errors, FIELD_ORDER, (name) => fieldId(name as FormField)) });

/** The checker's form, filled in with what the parent gave; a plain GET form that works without JavaScript. */
export function renderCheckForm(values: FormValues, errors: Partial<Record<string, string>>): Html {
  const group = (name: FormField, label: string, control: (name: FormField, aria: SafeHtml) => SafeHtml, hint?: string) =>
    field({ name, id: fieldId(name), label, hint, error: errors[name] }, control(name, controlAria(fieldId(name), { hint, error: errors[name] })));
  const select = (placeholder: string, options: ReadonlyArray<{ key: string; label: string }>, required: boolean) => (name: FormField, aria: SafeHtml) =>
    kitHtml`<select class="select" id="${fieldId(name)}" name="${name}"${flag('required', required)}${aria}>
    <option value="">${placeholder}</option>
    ${options.map((o) => kitHtml`<option value="${o.key}"${flag('selected', o.key === values[name])}>${o.label}</option>`)}
  </select>`;
  const input = (type: 'text' | 'date' | 'time', extra: { inputmode?: string; required?: boolean } = {}) => (name: FormField, aria: SafeHtml) =>
    kitHtml`<input class="input fee-check__input--${type}" id="${fieldId(name)}" name="${name}" type="${type}" value="${values[name] ?? ''}"${attr('inputmode', extra.inputmode)}${flag('required', extra.required)} autocomplete="off"${aria} />`;

  return html`<form class="fee-check" action="${CHECK_PATH}" method="get" aria-label="${c.formLabel}" novalidate>
  <input type="hidden" name="${SUBMITTED_FIELD}" value="1" />
  <p class="hint">${c.partialHint}</p>
  ${values.institutionId ? html`<input type="hidden" name="institutionId" value="${values.institutionId}" />` : ''}
  ${group('category', c.category, select(c.chooseCategory, InstitutionCategories.entries, true), c.categoryHint)}
  ${group('districtCode', c.district, select(c.chooseDistrict, servedDistricts.map((d) => ({ key: d.code, label: d.name })), false))}
  ${group('amount', c.amount, input('text', { inputmode: 'decimal' }), c.amountHint)}
  ${group('hours', c.hours, input('text', { inputmode: 'decimal' }))}
  ${group('months', c.months, input('text', { inputmode: 'decimal' }), c.monthsHint)}
  ${group('pricePerLesson', c.pricePerLesson, input('text', { inputmode: 'decimal' }))}
  ${group('paymentMethod', c.paymentMethod, select(c.choosePaymentMethod, PaymentChannels.entries, false))}
  ${group('financing', c.financing, select(c.chooseFinancing, PaymentFinancings.entries, false), c.financingHint)}
  ${group('date', c.date, input('date'), c.dateHint)}
  ${group('classMode', c.classMode, select(c.chooseClassMode, [{ key: 'offline', label: f.modes.offline }, { key: 'online', label: f.modes.online }], false))}
  ${group('classEndsAt', c.classEndsAt, input('time'), c.classEndsAtHint)}
  <button class="button" type="submit">${c.submit}</button>
</form>`;
}

function finding(f: FeeCheckResult['findings'][number]): Html {
  const label = f.outcome === 'breaks' ? c.breaks : f.outcome === 'ok' ? c.ok : c.notApplicable;
  return html`<li class="fee-finding fee-finding--${f.outcome}">
  <h3 class="fee-finding__title">${outcomeBadge(f.outcome, label)} ${f.title}</h3>
  <p>${f.message}</p>
  <p class="hint">${c.source}：${f.source.document}（${c.effectiveFrom}：${f.source.effectiveFrom}）</p>
</li>`;
}

/** What the parent gave, in words: "一次收费5200元，48课时，文化艺术类". */
function knownFacts(input: FeeCheckInput): string[] {
  const count = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ''));
  const district = input.districtCode === undefined ? undefined : districtName(input.districtCode);
  return [
    InstitutionCategories.label(input.category),
    district,
    input.amount !== undefined ? `一次收费${formatYuan(input.amount)}` : undefined,
    input.hours !== undefined ? `${count(input.hours)}课时` : undefined,
    input.months !== undefined ? `${count(input.months)}个月` : undefined,
    input.pricePerLesson !== undefined ? `每课时${formatYuan(input.pricePerLesson)}` : undefined,
    input.paymentMethod ? PaymentMethods.label(input.paymentMethod) : undefined,
  ].filter((x): x is string => x !== undefined);
}

/** The fields that would decide the rules left open, each linking to its field in the form below. */
function toEnterList(result: FeeCheckResult): Html {
  if (!result.toEnter.length) return html``;
  return html`<section class="fee-result__to-enter" aria-labelledby="fee-to-enter-heading">
  <h2 class="heading-m" id="fee-to-enter-heading">${c.toEnterHeading}</h2>
  <p>${c.toEnterLead}</p>
  <ul class="list list--bullet">${result.toEnter.map((x) => html`<li><a href="#fee-${x.field}">${x.message}</a></li>`)}</ul>
</section>`;
}

/** The answer: what breaks a rule, then what is fine, then what else to enter, then what was not checked; each with its source; then what to do. */
export function renderCheckResult(input: FeeCheckInput, result: FeeCheckResult): Html {
  const breaking = result.findings.filter((x) => x.outcome === 'breaks');
  const ok = result.findings.filter((x) => x.outcome === 'ok');
  const other = result.findings.filter((x) => x.outcome === 'not_applicable' && !x.needs);
  const partial = result.toEnter.length > 0;
  return html`<section class="fee-result" aria-labelledby="fee-result-heading">
  <div class="status-panel status-panel--${result.breaksRules ? 'danger' : partial ? 'warning' : 'good'}">
    <h2 class="heading-m fee-result__heading" id="fee-result-heading">${result.breaksRules ? c.breaksHeading(breaking.length) : partial ? c.partialHeading : c.okHeading}</h2>
    <p>${c.summaryFacts(knownFacts(input), result.date)}</p>
    ${result.breaksRules ? '' : html`<p>${partial ? c.partialText : c.okText}</p>`}
  </div>
  ${result.findings.length === 0 ? html`<p>${c.noRules}</p>` : ''}
  ${breaking.length || ok.length ? html`<ul class="list fee-findings">${[...breaking, ...ok].map(finding)}</ul>` : ''}
  ${toEnterList(result)}
  ${other.length
    ? html`<details class="fee-findings__other"><summary>${c.notApplicableHeading}（${other.length}）</summary><ul class="list fee-findings">${other.map(finding)}</ul></details>`
    : ''}
  <h2 class="heading-m" id="next-steps">${c.nextHeading}</h2>
  <ol class="list list--bullet">${result.nextSteps.map((s) => html`<li>${s}</li>`)}</ol>
  <p class="fee-result__actions"><a class="button${result.breaksRules ? '' : ' button--secondary'}" href="${result.complaintHref}">${c.complain}</a> <a class="button button--secondary" href="${FEES_PATH}">${c.guidance}</a></p>
</section>`;
}
