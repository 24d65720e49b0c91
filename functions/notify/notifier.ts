/**
 * 短信通知: the one port every message goes through. A message is a template
 * name and its placeholders, never free text: the providers in China only
 * send templates registered (and reviewed) in advance, and a template cannot
 * carry what it has no placeholder for (the narrative, a name, the access
 * code). The text of each template is in shared/i18n/zh-CN.ts (`notify`);
 * the provider's template id for each name comes from configuration.
 *
 * Adapters: outbox.ts (a local file, development and tests), aliyun.ts
 * (Alibaba Cloud SMS), tencent.ts (Tencent Cloud SMS), sns.ts (Amazon SNS).
 * from-config.ts picks one.
 */
import * as t from '#shared/i18n/zh-CN/index.ts';

export const CASE_TEMPLATES = ['case_received', 'case_accepted', 'case_declined', 'case_transferred', 'case_concluded'] as const;
export type CaseTemplate = (typeof CASE_TEMPLATES)[number];
/** Messages to a centre's followers (functions/follow/). */
export const FOLLOW_TEMPLATES = ['follow_code', 'follow_status_changed'] as const;
export type FollowTemplate = (typeof FOLLOW_TEMPLATES)[number];

export type TemplateName = CaseTemplate | 'recovery_code' | FollowTemplate;

export interface CaseParams {
  /** In the one display format (2611-3852-0917-5). */
  caseNumber: string;
  department: string;
  /** A short link to /track/. */
  link: string;
}
export interface RecoveryParams {
  code: string;
  minutes: string;
}
export interface FollowCodeParams {
  /** The centre's public name. */
  name: string;
  code: string;
  minutes: string;
}

export interface FollowStatusParams {
  name: string;
  /** The new status, in words. */
  status: string;
  /** The unsubscribe link (a signed token, functions/follow/token.ts). */
  link: string;
}

export type ParamsOf<T extends TemplateName> = T extends 'recovery_code'
  ? RecoveryParams
  : T extends 'follow_code'
    ? FollowCodeParams
    : T extends 'follow_status_changed'
      ? FollowStatusParams
      : CaseParams;

/** The placeholders of each template, in the order the template declares them (Tencent's parameters are positional). */
export const TEMPLATE_PARAMS: { [T in TemplateName]: ReadonlyArray<keyof ParamsOf<T>> } = {
  case_received: ['caseNumber', 'department', 'link'],
  case_accepted: ['caseNumber', 'department', 'link'],
  case_declined: ['caseNumber', 'department', 'link'],
  case_transferred: ['caseNumber', 'department', 'link'],
  case_concluded: ['caseNumber', 'department', 'link'],
  recovery_code: ['code', 'minutes'],
  follow_code: ['name', 'code', 'minutes'],
  follow_status_changed: ['name', 'status', 'link'],
};

export interface Message<T extends TemplateName = TemplateName> {
  /** A mainland mobile, 11 digits (the adapters add +86 where the provider wants E.164). */
  to: string;
  template: T;
  params: ParamsOf<T>;
  /** Ours, stable across retries of the same message (the outbox item's key): for the provider's logs and our own. */
  messageId: string;
}

export interface Notifier {
  /** Which adapter (never secret): `outbox`, `aliyun`, `tencent`, `sns`. */
  readonly id: string;
  /** Sends one message; resolves with the provider's id for it, rejects when the provider refused or could not be reached. */
  send(message: Message): Promise<{ providerId: string }>;
}

/** The provider refused the message for good (a bad number, an unapproved template): retrying will not help. */
export class PermanentSendFailure extends Error {
  constructor(message: string) {
    super(message);
  }
}

/** The message as the family reads it (the outbox shows it; SNS sends it as is). */
export function renderMessage(message: Pick<Message, 'template' | 'params'>): string {
  const render = t.notify.templates[message.template] as (p: Message['params']) => string;
  return render(message.params);
}

/** The placeholders in the template's order, as strings (Tencent's TemplateParamSet). */
export function orderedParams(message: Pick<Message, 'template' | 'params'>): string[] {
  const params = message.params as unknown as Record<string, string>;
  return (TEMPLATE_PARAMS[message.template] as readonly string[]).map((name) => params[name] ?? '');
}

/** +86 and the 11 digits. */
export const e164 = (mobile: string) => (mobile.startsWith('+') ? mobile : `+86${mobile}`);
