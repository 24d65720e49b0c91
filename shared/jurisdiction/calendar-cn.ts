import { PARSE_ONCE, WorkingCalendar } from './types.ts';

/**
 * 全国工作日历: China's national working calendar, as data. Each year is one
 * State Council notice on public holidays (国务院办公厅关于××年部分节假日安排的通知):
 * the holidays (放假, ranges inclusive) and the weekend days that are working
 * days instead (调休上班). Saturdays and Sundays are rest days otherwise.
 *
 * - 2025: 国办发明电〔2024〕12号, issued 2024-11-12.
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知, issued 2025-11-04 and
 *   published by Xinhua the same day (受权发布; gov.cn
 *   /zhengce/content/202511/content_7047090.htm). The dates below were checked
 *   against that text; its 国办发明电 document number was not, so the source
 *   names the notice by its title.
 *
 * Each November the State Council publishes the next year: add it here as one
 * more entry (a pure data change; the schema checks that every make-up day is
 * a weekend day and not also a holiday). A year that is not here is counted as
 * weekends only: `calendarCovers` lets a caller say so.
 */
export const CN_NATIONAL_CALENDAR = WorkingCalendar.parse({
  id: 'cn-national',
  name: '全国法定节假日安排',
  weekend: [0, 6],
  years: [
    {
      year: 2025,
      source: { document: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）', effectiveFrom: '2024-11-12' },
      status: 'confirmed',
      holidays: [
        { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
        { name: '春节', from: '2025-01-28', to: '2025-02-04' },
        { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
        { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
        { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
        { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
      ],
      makeUpWorkdays: [
        { date: '2025-01-26', for: '春节' },
        { date: '2025-02-08', for: '春节' },
        { date: '2025-04-27', for: '劳动节' },
        { date: '2025-09-28', for: '国庆节、中秋节' },
        { date: '2025-10-11', for: '国庆节、中秋节' },
      ],
    },
    {
      year: 2026,
      source: { document: '国务院办公厅关于2026年部分节假日安排的通知', effectiveFrom: '2025-11-04' },
      status: 'confirmed',
      note: '日期已按新华社2025年11月4日受权发布的通知全文核对；发文字号（国办发明电〔2025〕号）未核对。',
      holidays: [
        { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
        { name: '春节', from: '2026-02-15', to: '2026-02-23' },
        { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
        { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
        { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
        { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
        { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
      ],
      makeUpWorkdays: [
        { date: '2026-01-04', for: '元旦' },
        { date: '2026-02-14', for: '春节' },
        { date: '2026-02-28', for: '春节' },
        { date: '2026-05-09', for: '劳动节' },
        { date: '2026-09-20', for: '国庆节' },
        { date: '2026-10-10', for: '国庆节' },
      ],
    },
  ],
}, PARSE_ONCE);
