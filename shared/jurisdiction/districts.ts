/**
 * Each configured jurisdiction's name and districts and counties (GB/T 2260),
 * and which jurisdiction this deployment serves: plain data, no zod, so a
 * page's script can check a district (shared/schemas/common.ts
 * `DistrictCode`) and the import's checks can read and name one
 * (functions/import/values.ts) without loading and parsing the routing
 * tables. The jurisdictions' modules (xinyang.ts, xiangyuan.ts) take their
 * names and districts from here and check them when they are parsed;
 * index.ts picks the jurisdiction by `SERVED_JURISDICTION`, the one place
 * to change it.
 */
export const DISTRICTS = {
  '411500': [
    { code: '411502', name: '浉河区' },
    { code: '411503', name: '平桥区' },
    { code: '411521', name: '罗山县' },
    { code: '411522', name: '光山县' },
    { code: '411523', name: '新县' },
    { code: '411524', name: '商城县' },
    { code: '411525', name: '固始县' },
    { code: '411526', name: '潢川县' },
    { code: '411527', name: '淮滨县' },
    { code: '411528', name: '息县' },
  ],
  // A county is its own only district.
  '140423': [{ code: '140423', name: '襄垣县' }],
} as const satisfies Record<string, ReadonlyArray<{ code: string; name: string }>>;

/** Each configured jurisdiction's name, as its people write it. */
export const JURISDICTION_NAMES = {
  '411500': '信阳市',
  '140423': '襄垣县',
} as const satisfies Record<keyof typeof DISTRICTS, string>;

/** The jurisdiction this deployment serves (信阳市, the demo). */
export const SERVED_JURISDICTION: keyof typeof DISTRICTS = '411500';

/** The districts of the jurisdiction this deployment serves. */
export const servedDistricts: ReadonlyArray<{ code: string; name: string }> = DISTRICTS[SERVED_JURISDICTION];

/** The name of the jurisdiction this deployment serves. */
export const servedJurisdictionName: string = JURISDICTION_NAMES[SERVED_JURISDICTION];

/**
 * A district's name by its code, among the districts given: those of the
 * jurisdiction this deployment serves unless told (a parsed jurisdiction's
 * `districts`, say). The one lookup of a district's name; index.ts
 * re-exports it.
 */
export function districtName(code: string, districts: ReadonlyArray<{ code: string; name: string }> = servedDistricts): string | undefined {
  return districts.find((d) => d.code === code)?.name;
}
