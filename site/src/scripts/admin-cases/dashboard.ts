/**
 * /admin/dashboard/: the supervisors' figures (GET /api/admin/dashboard?weeks=),
 * as charts (charts.ts) with their figures in words and as tables, and the
 * CSV link for the same weeks. Members of staff who are not supervisors are
 * told who may see it.
 */
import type { z } from 'zod';
import { hasAnyRole } from '#shared/rules/scope.ts';
import type { CaseDashboard } from '#shared/schemas/cases.ts';
import { api } from '../admin/api.ts';
import { busy } from '../admin/busy.ts';
import { pageStatus } from '../admin/console.ts';
import { byId, c, el, startTriage, tr } from './common.ts';
import { columns, horizontalBars, type ChartRow } from './charts.ts';

type Dashboard = z.infer<typeof CaseDashboard>;
const d = c.dashboard;
const form = byId<HTMLFormElement>('dashboard-form');
const select = byId<HTMLSelectElement>('dashboard-weeks');

function weeksFromAddress(): string {
  const weeks = new URLSearchParams(location.search).get('weeks') ?? '12';
  return [...select.options].some((o) => o.value === weeks) ? weeks : '12';
}

const most = (rows: Array<{ label: string; count: number }>) => {
  const total = rows.reduce((n, r) => n + r.count, 0);
  const top = rows[0];
  return top ? d.charts.descMost(top.label, top.count, total) : d.charts.empty;
};

function figure(label: string, value: string): HTMLElement {
  const div = el('div', undefined, 'figures__item');
  div.append(el('dt', label), el('dd', value));
  return div;
}

function render(data: Dashboard): void {
  byId('dashboard-scope').textContent = d.scope(data.scope.label);
  const received = data.weeks.reduce((n, w) => n + w.received, 0);
  const concluded = data.weeks.reduce((n, w) => n + w.concluded, 0);
  byId('dashboard-figures').replaceChildren(
    figure(d.series.received, String(received)),
    figure(d.answered, d.share(data.onTime.answeredShare)),
    figure(d.concludedOnTime, d.share(data.onTime.concludedShare)),
    figure(d.acceptMedian, d.days(data.medians.acceptWorkingDays)),
    figure(d.concludeMedian, d.days(data.medians.concludeWorkingDays)),
  );
  const counts = (rows: Array<{ label: string; count: number }>): ChartRow[] => rows.map((r) => ({ label: r.label, values: [r.count] }));
  const one = [{ name: d.columns.count, className: 'chart__bar' }];
  const charts = [
    columns({
      title: d.charts.weekly,
      description: d.charts.weeklyDesc(received, concluded, data.weeks.length),
      series: [
        { name: d.series.received, className: 'chart__bar' },
        { name: d.series.concluded, className: 'chart__bar chart__bar--2' },
      ],
      rows: data.weeks.map((w) => ({ label: w.startsOn.slice(5).replace('-', '/'), values: [w.received, w.concluded] })),
      itemHeading: d.columns.week,
    }),
    horizontalBars({ title: d.charts.byKind, description: most(data.byKind), series: one, rows: counts(data.byKind) }),
    horizontalBars({ title: d.charts.byDepartment, description: most(data.byDepartment), series: one, rows: counts(data.byDepartment) }),
    horizontalBars({ title: d.charts.byDistrict, description: most(data.byDistrict), series: one, rows: counts(data.byDistrict) }),
    horizontalBars({
      title: d.charts.onTime,
      description: d.charts.onTimeDesc(d.share(data.onTime.answeredShare), d.share(data.onTime.concludedShare)),
      series: [{ name: d.columns.share, className: 'chart__bar chart__bar--good' }],
      rows: [
        { label: d.answered, values: [data.onTime.answeredShare ?? 0] },
        { label: d.concludedOnTime, values: [data.onTime.concludedShare ?? 0] },
      ],
      max: 1,
      format: (v) => `${Math.round(v * 100)}%`,
      valueHeading: d.columns.share,
    }),
    horizontalBars({
      title: d.charts.medians,
      description: d.charts.mediansDesc(d.days(data.medians.acceptWorkingDays), d.days(data.medians.concludeWorkingDays)),
      series: [{ name: d.columns.days, className: 'chart__bar' }],
      rows: [
        { label: d.accept, values: [data.medians.acceptWorkingDays ?? 0] },
        { label: d.conclude, values: [data.medians.concludeWorkingDays ?? 0] },
      ],
      format: (v) => String(v),
      valueHeading: d.columns.days,
    }),
    horizontalBars({ title: d.charts.outcomes, description: most(data.outcomes), series: one, rows: counts(data.outcomes) }),
    horizontalBars({
      title: d.charts.top,
      description: data.topInstitutions[0] ? d.charts.descTop(data.topInstitutions[0].name, data.topInstitutions[0].substantiated) : d.charts.topEmpty,
      series: one,
      rows: data.topInstitutions.map((i) => ({ label: i.name, values: [i.substantiated] })),
    }),
  ];
  byId('dashboard-charts').replaceChildren(...charts);
}

async function load(weeks: string): Promise<void> {
  const status = byId('dashboard-status');
  status.textContent = d.loading;
  byId<HTMLAnchorElement>('dashboard-csv').href = `/api/admin/dashboard/csv?weeks=${weeks}`;
  const answer = await api<Dashboard>(`/api/admin/dashboard?weeks=${weeks}`);
  if (!answer.ok) {
    status.textContent = answer.error.message;
    return;
  }
  render(answer.body);
  status.textContent = '';
}

async function main(): Promise<void> {
  const session = await startTriage();
  byId('dashboard').hidden = false;
  if (!hasAnyRole(session.staff.roles, ['supervisor'])) {
    const denied = byId('dashboard-denied');
    denied.textContent = tr.dashboard.supervisorOnly;
    denied.hidden = false;
    pageStatus('');
    return;
  }
  byId('dashboard-body').hidden = false;
  select.value = weeksFromAddress();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, d.loading, async () => {
      history.replaceState(history.state, '', `?weeks=${select.value}`);
      await load(select.value);
    });
  });
  await load(select.value);
  pageStatus('');
}

void main();
