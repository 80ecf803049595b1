/**
 * 学生发起签约's form as the page holds it (text boxes hold strings), and its two translations: from a saved
 * agreement (to edit a draft or a returned one) and to the draft the initiateSigning function takes.
 */
import type { InitiationDraft } from '../../typings/events';
import type { FieldIssue } from '../../typings/errors';
import type { OfferTerms } from '../../typings/records';
import type { AgreementView, LibraryEmployer } from '../../typings/views';
import { localRuntimeUrl } from '../api/client';
import { FIELD_KEYS, normaliseUscc, type FieldErrors, type FieldKey } from './initiate-validate';

/** search: nothing chosen yet; library: a unit of the school's library; manual: typed in by the student */
export type EmployerMode = 'search' | 'library' | 'manual';

export interface ManualEmployer {
  name: string;
  uscc: string;
  nature: string;
  industry: string;
  region: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

/** An attached image: its file id, and what an `<image>` shows for it. */
export interface Proof {
  fileId: string;
  src: string;
}

export interface InitiateForm {
  mode: EmployerMode;
  library: LibraryEmployer | null;
  manual: ManualEmployer;
  job: { title: string; region: string; monthlySalary: string; contractYears: string; startDate: string; description: string };
  file: { transfer: boolean; receiver: string; address: string; postcode: string };
  hukou: { migrate: boolean; address: string };
  remarks: string;
  proofs: Proof[];
}

export const emptyManual = (): ManualEmployer => ({
  name: '',
  uscc: '',
  nature: '',
  industry: '',
  region: '',
  address: '',
  contactName: '',
  contactPhone: '',
});

export const emptyForm = (): InitiateForm => ({
  mode: 'search',
  library: null,
  manual: emptyManual(),
  job: { title: '', region: '', monthlySalary: '', contractYears: '', startDate: '', description: '' },
  file: { transfer: false, receiver: '', address: '', postcode: '' },
  hukou: { migrate: false, address: '' },
  remarks: '',
  proofs: [],
});

/**
 * What an `<image>` can load for a file id: cloud file ids load as they are; the local runtime's (development only)
 * are served under /files/.
 */

/** A saved proof's thumbnail; a `local://` id outside a developer build (no runtime to ask) is left as it is. */
export function thumbSrc(fileId: string): string {
  const local = 'local://';
  if (!fileId.startsWith(local)) return fileId;
  const base = localRuntimeUrl();
  return base ? `${base}/files/${fileId.slice(local.length)}` : fileId;
}

/** The terms part of the form (工作信息, 档案, 户口, 备注), shared with the employer's 邀约学生. */
export type TermsForm = Pick<InitiateForm, 'job' | 'file' | 'hukou' | 'remarks'>;

/** Saved terms as the form holds them: numbers as text, missing optional parts empty. */
export function termsForm(terms: OfferTerms): TermsForm {
  const { job, file, hukou } = terms;
  return {
    job: {
      title: job.title,
      region: job.region,
      monthlySalary: String(job.monthlySalary),
      contractYears: String(job.contractYears),
      startDate: job.startDate,
      description: job.description ?? '',
    },
    file: { transfer: file.transfer, receiver: file.receiver ?? '', address: file.address ?? '', postcode: file.postcode ?? '' },
    hukou: { migrate: hukou.migrate, address: hukou.address ?? '' },
    remarks: terms.remarks ?? '',
  };
}

/** The form as last saved: a library unit when the snapshot names one, else the unit as typed. */
export function formFromAgreement(view: AgreementView): InitiateForm {
  const { employerId, ...info } = view.content.employer;
  return {
    mode: employerId ? 'library' : 'manual',
    library: employerId ? { ...info, employerId } : null,
    manual: employerId ? emptyManual() : { ...info },
    ...termsForm(view.content),
    proofs: view.proofFiles.map((a) => ({ fileId: a.fileId, src: thumbSrc(a.fileId) })),
  };
}

/** Only what is filled in: the server takes a missing optional field, but not every empty one (a postcode). */
const filled = <K extends string>(key: K, value: string): Partial<Record<K, string>> => {
  const v = value.trim();
  return v ? ({ [key]: v } as Record<K, string>) : {};
};

/**
 * The terms to send; call it on a form that validateForm passed. A switched-off 档案 or 户口 part sends nothing of
 * what was typed under it.
 */
export function termsOf(form: TermsForm): OfferTerms {
  const { job, file, hukou } = form;
  return {
    job: {
      title: job.title.trim(),
      region: job.region,
      monthlySalary: Number(job.monthlySalary.trim()),
      contractYears: Number(job.contractYears.trim()),
      startDate: job.startDate,
      ...filled('description', job.description),
    },
    file: file.transfer
      ? { transfer: true, ...filled('receiver', file.receiver), ...filled('address', file.address), ...filled('postcode', file.postcode) }
      : { transfer: false },
    hukou: hukou.migrate ? { migrate: true, ...filled('address', hukou.address) } : { migrate: false },
    ...filled('remarks', form.remarks),
  };
}

/** The draft to send; call it on a form that validateForm passed. */
export function draftOf(form: InitiateForm): InitiationDraft {
  const { manual } = form;
  const employer: InitiationDraft['employer'] =
    form.mode === 'library' && form.library
      ? { employerId: form.library.employerId }
      : {
          manual: {
            name: manual.name.trim(),
            uscc: normaliseUscc(manual.uscc),
            nature: manual.nature,
            industry: manual.industry,
            region: manual.region,
            address: manual.address.trim(),
            contactName: manual.contactName.trim(),
            contactPhone: manual.contactPhone.trim(),
          },
        };
  return { employer, ...termsOf(form), proofFiles: form.proofs.map((p) => p.fileId) };
}

/** The server's issue paths (`draft.job.title`) as the form's field keys. */
const ISSUE_FIELDS: Record<string, FieldKey> = {
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
  'job.title': 'jobTitle',
  'job.region': 'jobRegion',
  'job.monthlySalary': 'jobSalary',
  'job.contractYears': 'jobYears',
  'job.startDate': 'jobStartDate',
  'job.description': 'jobDescription',
  // the 档案 and 户口 rules that span two fields are reported on the part as a whole
  'file': 'fileReceiver',
  'file.receiver': 'fileReceiver',
  'file.address': 'fileAddress',
  'file.postcode': 'filePostcode',
  'hukou': 'hukouAddress',
  'hukou.address': 'hukouAddress',
  'remarks': 'remarks',
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

/** One line of the unit picker's suggestions: the HR contact marks a unit of the school's library. */
export interface Suggestion {
  employerId: string;
  name: string;
  hr: string;
}

export const suggestionOf = (e: LibraryEmployer): Suggestion => ({
  employerId: e.employerId,
  name: e.name,
  hr: e.contactName ? `HR：${e.contactName}` : '',
});
