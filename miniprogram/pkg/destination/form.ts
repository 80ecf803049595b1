/**
 * 毕业去向登记's form as the page holds it (text boxes hold strings, every part kept while the student switches
 * types), and its translations: from saved content (a draft, a returned record, or the values in force when a change
 * starts) and to the draft registerDestination takes, carrying only the chosen type's parts (a part of another type is
 * refused by the server, not ignored). Errors are keyed by the field's path in camel case (`employer.uscc` →
 * `employerUscc`), the same key for a rule's issue, the server's issue and the template's `data-error`.
 */
import type { DestinationContent } from '../../../typings/records';
import type { DestinationDraft } from '../../../typings/events';
import type { FieldIssue } from '../../../typings/errors';
import type { FileView } from '../../../typings/views';
import { destinationType, type DestinationPart, type DestinationType, type Need } from '../codes/destination';
import { isPdf } from '../utils/file-tiles';

export type ReceiverKind = 'employer' | 'talentCentre' | 'origin' | 'school';

export interface DestinationForm {
  type: string;
  pendingKind: string;
  employer: {
    name: string;
    uscc: string;
    nature: string;
    industry: string;
    region: string;
    jobCategory: string;
    jobTitle: string;
    contactName: string;
    contactPhone: string;
    contactEmail: string;
  };
  study: { school: string; programme: string; level: string };
  abroad: { country: string; institution: string; purpose: '' | 'study' | 'work' };
  business: { name: string; uscc: string; region: string };
  project: { name: string; serviceUnit: string; region: string };
  enlistment: { noticeNo: string; region: string };
  freelance: { description: string; region: string };
  /** 档案转递 is given (always, where the type requires it; by the switch where it is optional) */
  fileGiven: boolean;
  file: { receiverKind: '' | ReceiverKind; receiver: string; address: string; postcode: string; phone: string };
  hukou: { migrate: boolean; address: string; policeStation: string };
  remarks: string;
  evidence: EvidenceTile[];
}

/** An uploaded file: a picture shows itself, a PDF a labelled tile. */
export interface EvidenceTile {
  fileId: string;
  src: string;
  pdf: boolean;
  failed: boolean;
}

export const MAX_EVIDENCE = 9;

export const STUDY_LEVELS = ['硕士研究生', '博士研究生', '专升本', '第二学士学位'] as const;

export const RECEIVER_KINDS: readonly { code: ReceiverKind; name: string; hint: string }[] = [
  { code: 'employer', name: '用人单位', hint: '单位有人事档案管理权限时' },
  { code: 'talentCentre', name: '人才服务中心', hint: '单位所在地的人才服务机构' },
  { code: 'origin', name: '生源地', hint: '生源地的就业主管部门' },
  { code: 'school', name: '学校代管', hint: '最长两年，期间落实单位后再转出' },
];

export const emptyForm = (): DestinationForm => ({
  type: '',
  pendingKind: '',
  employer: { name: '', uscc: '', nature: '', industry: '', region: '', jobCategory: '', jobTitle: '', contactName: '', contactPhone: '', contactEmail: '' },
  study: { school: '', programme: '', level: '' },
  abroad: { country: '', institution: '', purpose: '' },
  business: { name: '', uscc: '', region: '' },
  project: { name: '', serviceUnit: '', region: '' },
  enlistment: { noticeNo: '', region: '' },
  freelance: { description: '', region: '' },
  fileGiven: false,
  file: { receiverKind: '', receiver: '', address: '', postcode: '', phone: '' },
  hukou: { migrate: false, address: '', policeStation: '' },
  remarks: '',
  evidence: [],
});

export const evidenceTiles = (files: readonly FileView[]): EvidenceTile[] =>
  files.map((f) => ({ fileId: f.fileId, src: f.url ?? '', pdf: isPdf(f.fileId), failed: f.url === null }));

const str = (value: string | undefined | null): string => value ?? '';

/** Saved content as the form holds it; the parts of other types stay empty. */
export function formOf(content: DestinationContent, evidence: readonly FileView[]): DestinationForm {
  const form = emptyForm();
  form.type = content.type;
  form.pendingKind = str(content.pendingKind);
  if (content.employer) form.employer = { ...form.employer, ...content.employer, contactEmail: str(content.employer.contactEmail) };
  if (content.study) form.study = { ...content.study };
  if (content.abroad) form.abroad = { ...content.abroad };
  if (content.business) form.business = { ...content.business };
  if (content.project) form.project = { ...content.project };
  if (content.enlistment) form.enlistment = { ...content.enlistment };
  if (content.freelance) form.freelance = { ...content.freelance };
  if (content.file) {
    form.fileGiven = true;
    form.file = { ...content.file };
  }
  if (content.hukou) form.hukou = { migrate: content.hukou.migrate, address: str(content.hukou.address), policeStation: str(content.hukou.policeStation) };
  form.remarks = str(content.remarks);
  form.evidence = evidenceTiles(evidence);
  return form;
}

/** What the chosen type asks for, as the template shows it: its parts, its evidence, 档案 and 户口. */
export interface TypeNeeds {
  type: DestinationType | null;
  parts: Record<DestinationPart, boolean>;
  file: Need;
  hukou: Need;
  evidence: string | null;
  pending: boolean;
}

export function needsOf(code: string): TypeNeeds {
  const type = destinationType(code);
  const has = (p: DestinationPart): boolean => type?.parts.includes(p) ?? false;
  return {
    type,
    parts: { employer: has('employer'), study: has('study'), abroad: has('abroad'), business: has('business'), project: has('project'), enlistment: has('enlistment'), freelance: has('freelance') },
    file: type?.file ?? 'none',
    hukou: type?.hukou ?? 'none',
    evidence: type?.evidence ?? null,
    pending: code === '70',
  };
}

const trimmed = <T extends Record<string, string>>(part: T): T =>
  Object.fromEntries(Object.entries(part).map(([k, v]) => [k, v.trim()])) as T;

/** Only what is filled in of an optional text. */
const filled = <K extends string>(key: K, value: string): Partial<Record<K, string>> => {
  const v = value.trim();
  return v ? ({ [key]: v } as Record<K, string>) : {};
};

/** The content to send: the type, and only the parts it asks for. */
export function contentOf(form: DestinationForm): DestinationContent {
  const needs = needsOf(form.type);
  const content: DestinationContent = { type: form.type };
  if (needs.pending && form.pendingKind) content.pendingKind = form.pendingKind;
  if (needs.parts.employer) {
    const { contactEmail, ...rest } = trimmed(form.employer);
    content.employer = { ...rest, uscc: rest.uscc.toUpperCase(), ...filled('contactEmail', contactEmail) };
  }
  if (needs.parts.study) content.study = trimmed(form.study);
  // the server takes 留学 or 工作 only: a part with neither chosen is not sent (validate.ts asks for it)
  if (needs.parts.abroad && form.abroad.purpose) {
    content.abroad = { country: form.abroad.country.trim(), institution: form.abroad.institution.trim(), purpose: form.abroad.purpose };
  }
  if (needs.parts.business) content.business = { ...trimmed(form.business), uscc: form.business.uscc.trim().toUpperCase() };
  if (needs.parts.project) content.project = trimmed(form.project);
  if (needs.parts.enlistment) content.enlistment = trimmed(form.enlistment);
  if (needs.parts.freelance) content.freelance = trimmed(form.freelance);
  // likewise 档案转递 without its 档案去向 (validate.ts asks for it)
  if (form.file.receiverKind && (needs.file === 'required' || (needs.file === 'optional' && form.fileGiven))) {
    const f = trimmed(form.file as Record<string, string>) as DestinationForm['file'];
    content.file = {
      receiverKind: f.receiverKind as ReceiverKind,
      // kept at school: the school is the receiver, nothing to name
      receiver: f.receiverKind === 'school' ? '' : f.receiver,
      address: f.address,
      postcode: f.postcode,
      phone: f.phone,
    };
  }
  if (needs.hukou !== 'none') {
    content.hukou = form.hukou.migrate
      ? { migrate: true, ...filled('address', form.hukou.address), ...filled('policeStation', form.hukou.policeStation) }
      : { migrate: false };
  }
  if (form.remarks.trim()) content.remarks = form.remarks.trim();
  return content;
}

export const draftOf = (form: DestinationForm): DestinationDraft => ({ ...contentOf(form), evidenceFiles: form.evidence.map((e) => e.fileId) });

/** `draft.employer.uscc` → `employerUscc`; `evidenceFiles.2` → `evidenceFiles`. */
export function errorKey(path: string): string {
  const parts = path
    .replace(/^draft\./, '')
    .split('.')
    .filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}

/** Issues by field key, the first of each field. */
export function errorsFromIssues(issues: readonly FieldIssue[] | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const key = errorKey(issue.path);
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}
