/**
 * 付款情况: how a family paid, asked the same way by the fee checker
 * (`/fees/check/`, `POST /api/fee-check`) and the refund-dispute form (no-JS
 * and JS, `POST /api/refund-disputes`): the channel the money went through,
 * and separately whether a training loan or an instalment plan financed it
 * (a loan can land in a supervised account and still be forbidden).
 * `checkCharge` (shared/rules/fees.ts) judges both against the fee rules.
 */
import { z } from 'zod';
import { PaymentFinancings, PaymentMethods, type PaymentChannel, type PaymentFinancing, type PaymentMethod } from '../vocabulary.ts';

export const paymentFieldMessages = {
  paymentMethod: '请选择机构要求的付款方式',
  financing: '请选择是否通过培训贷或分期付款',
} as const;

/** The fields, to spread into the fee check's and the refund dispute's schemas. */
export const PaymentFacts = z.object({
  paymentMethod: z.enum(PaymentMethods.keys, { error: paymentFieldMessages.paymentMethod }).meta({
    description:
      'Where the money went. `training_loan` is the value from before financing was asked separately: it reads as channel `other` with financing `training_loan`.',
  }),
  financing: z
    .enum(PaymentFinancings.keys, { error: paymentFieldMessages.financing })
    .optional()
    .meta({ description: 'Whether a training loan or an instalment plan paid for it; omitted: not asked (then only a legacy `training_loan` method counts as a loan)' }),
});
export type PaymentFacts = z.infer<typeof PaymentFacts>;

/** The channel and the financing, with the legacy `training_loan` method unfolded into them. */
export function paymentFactsOf(facts: { paymentMethod: PaymentMethod; financing?: PaymentFinancing | undefined }): {
  channel: PaymentChannel;
  financing: PaymentFinancing | undefined;
} {
  if (facts.paymentMethod === 'training_loan') return { channel: 'other', financing: facts.financing ?? 'training_loan' };
  return { channel: facts.paymentMethod, financing: facts.financing };
}
