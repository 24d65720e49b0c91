import { z } from 'zod';
import { DepartmentKinds, InstitutionCategories } from '../vocabulary.ts';

/** A rule's provenance: every threshold names the document it comes from and when it took effect. */
export const Source = z.object({
  document: z.string().min(1),
  effectiveFrom: z.iso.date(),
});
export type Source = z.infer<typeof Source>;

/** 行政区划: a district or county, by its GB/T 2260 code. */
export const District = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1),
});
export type District = z.infer<typeof District>;

/**
 * A jurisdiction (a city or county) and everything that differs between them:
 * its districts, its departments and who supervises which category.
 */
export const Jurisdiction = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1),
  province: z.string().min(1),
  districts: z.array(District).min(1),
  /** 谁审批谁监管: which kind of department supervises each category by default. */
  supervision: z.record(z.enum(InstitutionCategories.keys), z.enum(DepartmentKinds.keys)),
  supervisionSource: Source,
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;
