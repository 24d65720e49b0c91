import { z } from 'zod';
import { DepartmentKinds } from '../vocabulary.ts';

/**
 * 部门: a regulator's office. A city-level department covers every district;
 * a district-level one covers its own. Staff belong to exactly one.
 */
export const Department = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    kind: z.enum(DepartmentKinds.keys),
    name: z.string().min(2).max(60),
    /** The city code for a city-level department, else the district code. */
    regionCode: z.string().regex(/^\d{6}$/),
    phone: z.string().max(40).optional(),
    address: z.string().max(120).optional(),
    officeHours: z.string().max(80).optional(),
    /** True when the phone (and hours) are the jurisdiction's stand-in, not the department's own (a demo). */
    contactPlaceholder: z.boolean().optional(),
  })
  .meta({ id: 'Department', description: '监管部门' });
export type Department = z.infer<typeof Department>;
