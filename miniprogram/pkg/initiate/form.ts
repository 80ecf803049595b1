/**
 * 学生发起签约's form as the page holds it (text boxes hold strings), and its two translations: from a saved
 * agreement (to edit a draft or a returned one) and to the draft the initiateSigning function takes. The terms part
 * is the one 邀约学生 shares (utils/terms-form.ts); the unit and the proof images are this page's own.
 */
import type { InitiationDraft } from '../../../typings/events';
import type { FieldIssue } from '../../../typings/errors';
import type { AgreementView, LibraryEmployer } from '../../../typings/views';
import type { EmployerFields } from '../../rules/employer';
import { emptyEmployer, sentEmployer } from '../../utils/employer-form';
import { fileSrc } from '../../utils/files';
import type { TermsRuleOptions } from '../../rules/terms';
import { emptyTerms, TERM_ISSUES, TERM_KEYS, termsForm, termsOf, type TermsForm } from '../../utils/terms-form';

/** search: nothing chosen yet; library: a unit of the school's library; manual: typed in by the student */
export type EmployerMode = 'search' | 'library' | 'manual';

export type ManualEmployer = EmployerFields;

/** An attached image: its file id, and what an `<image>` shows for it. */
export interface Proof {
  fileId: string;
  src: string;
}

export interface InitiateForm extends TermsForm {
  mode: EmployerMode;
  library: LibraryEmployer | null;
  manual: ManualEmployer;
  proofs: Proof[];
}

export const MAX_PROOFS = 9;

export const FIELD_KEYS = [
  'employer',
  'employerName',
  'employerUscc',
  'employerNature',
  'employerIndustry',
  'employerRegion',
  'employerAddress',
  'employerContactName',
  'employerContactPhone',
  ...TERM_KEYS,
  'proofFiles',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** Error messages by field key (see FIELD_KEYS); empty when the form may be sent. */
export type FieldErrors = Partial<Record<FieldKey, string>>;

export const emptyForm = (): InitiateForm => ({
  mode: 'search',
  library: null,
  manual: emptyEmployer(),
  ...emptyTerms(),
  proofs: [],
});

/** The form as last saved: a library unit when the snapshot names one, else the unit as typed. */
export function formFromAgreement(view: AgreementView): InitiateForm {
  const { employerId, ...info } = view.content.employer;
  return {
    mode: employerId ? 'library' : 'manual',
    library: employerId ? { ...info, employerId } : null,
    manual: employerId ? emptyEmployer() : { ...info },
    ...termsForm(view.content),
    proofs: view.proofFiles.map((a) => ({ fileId: a.fileId, src: fileSrc(a) })),
  };
}

/** The draft to send; call it on a form that validateForm passed. */
export function draftOf(form: InitiateForm, options: TermsRuleOptions = {}): InitiationDraft {
  const employer: InitiationDraft['employer'] =
    form.mode === 'library' && form.library ? { employerId: form.library.employerId } : { manual: sentEmployer(form.manual) };
  return { employer, ...termsOf(form, options), proofFiles: form.proofs.map((p) => p.fileId) };
}

/** The server's issue paths (`draft.job.title`) as the form's field keys. */
const ISSUE_FIELDS: Readonly<Record<string, FieldKey>> = {
  'employer': 'employer',
  'employer.employerId': 'employer',
  'employer.manual': 'employer',
  'employer.manual.name': 'employerName',
  'employer.manual.uscc': 'employerUscc',
  'employer.manual.nature': 'employerNature',
  'employer.manual.industry': 'employerIndustry',
  'employer.manual.region': 'employerRegion',
  'employer.manual.address': 'employerAddress',
  'employer.manual.contactName': 'employerContactName',
  'employer.manual.contactPhone': 'employerContactPhone',
  ...TERM_ISSUES,
  'proofFiles': 'proofFiles',
};

/** A refusal's field issues placed next to their fields; issues about no field stay in the message above the form. */
export function errorsFromIssues(issues: readonly FieldIssue[] | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues ?? []) {
    const path = issue.path.replace(/^draft\./, '').replace(/^proofFiles\.\d+$/, 'proofFiles');
    const key = ISSUE_FIELDS[path];
    if (key && FIELD_KEYS.includes(key) && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** One line of the unit picker's suggestions: the 单位联系人 marks a unit of the school's library. */
export interface Suggestion {
  employerId: string;
  name: string;
  hr: string;
}

export const suggestionOf = (e: LibraryEmployer): Suggestion => ({
  employerId: e.employerId,
  name: e.name,
  hr: e.contactName ? `单位联系人：${e.contactName}` : '',
});
