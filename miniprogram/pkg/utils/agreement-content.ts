/**
 * 我的协议书 as rows: the agreement view mapped to what the page shows, so the template stays plain and the mapping
 * is tested on its own.
 */
import type { AgreementState } from '../../../typings/states';
import type { AgreementContent } from '../../../typings/records';
import type { AgreementView, FileView, PartyAnswerView, TerminationView } from '../../../typings/views';
import { employerRows, fileRows, hukouRows, type Row } from './terms-rows';
import { structuredTermsRows, type TermsRow } from './structured-rows';
import type { TermsRuleOptions } from '../../rules/terms';
import { chineseDate, chineseDateTime } from '../../utils/date';
import { agreementState, terminationState, type StateLabel } from '../../utils/labels';
import { fileSrc } from '../../utils/files';

export type { Row };

export interface Section {
  key: string;
  title: string;
  /** a 约定条款 row may be highlighted (违约金 above the school's cap) and carry a note */
  rows: (Row & Partial<Pick<TermsRow, 'key' | 'highlight' | 'note'>>)[];
}

/** The MOE 学历 codes (typings/states EDUCATION_LEVELS), written out: the mini program imports only types from there. */
const EDUCATION: Record<string, string> = { '01': '博士研究生', '11': '硕士研究生', '31': '本科', '41': '专科' };

const ORIGIN: Record<AgreementView['origin'], string> = { offer: '单位邀约', student: '学生发起' };
const STAGE: Record<'employer' | 'college' | 'school', string> = { employer: '单位确认', college: '院系审核', school: '学校审核' };

const orNone = (value: string | undefined | null): string => (value && value.trim() ? value : '无');

/** `options`: the school's 违约金 cap (AgreementView.penaltyCapYuan), for the highlight of a 违约金 above it. */
export function sections(c: AgreementContent, options: TermsRuleOptions = {}): Section[] {
  const s = c.student;
  const remarks: Row[] = [{ label: '补充条款', value: orNone(c.remarks) }];
  if (c.legacyReportCardUnit) remarks.push({ label: '报到证单位（旧）', value: c.legacyReportCardUnit });

  return [
    {
      key: 'student',
      title: '学生（乙方）',
      rows: [
        { label: '姓名', value: s.name },
        { label: '学号', value: s.studentNo },
        { label: '性别', value: s.gender },
        { label: '身份证号', value: s.idNumberMasked },
        { label: '院系', value: s.collegeName },
        { label: '专业', value: s.major },
        { label: '学历', value: EDUCATION[s.educationLevel] ?? s.educationLevel },
        { label: '毕业年份', value: `${s.graduationYear}年` },
        { label: '联系电话', value: s.phone },
      ],
    },
    { key: 'employer', title: '用人单位（甲方）', rows: employerRows(c.employer, '无') },
    // a signed document lists what was agreed: no 岗位说明 line when there was none
    // with the 约定条款 in the order the student checked them (structured-rows.ts); an older agreement reads as before
    {
      key: 'job',
      title: c.structured ? '工作信息与约定条款' : '工作信息',
      rows: structuredTermsRows(c, '无', options).filter((r) => r.label !== '岗位说明' || c.job.description?.trim()),
    },
    { key: 'file', title: '档案', rows: fileRows(c.file, '无') },
    { key: 'hukou', title: '户口', rows: hukouRows(c.hukou, '无') },
    { key: 'remarks', title: '补充条款', rows: remarks },
  ];
}

export interface Header {
  no: string;
  tag: StateLabel;
  origin: string;
  rows: Row[];
  /** when returned: 院系审核退回 / 学校审核退回, and why */
  returned: { stage: string; reason: string } | null;
}

export function header(v: AgreementView): Header {
  const rows: Row[] = [{ label: '签约方式', value: ORIGIN[v.origin] }];
  if (v.confirmation) rows.push({ label: '单位确认', value: confirmationText(v.confirmation) });
  if (v.signedAt) rows.push({ label: '签约日期', value: chineseDate(v.signedAt) });
  return {
    no: v.agreementNo ?? '发起后生成',
    tag: agreementState(v.state),
    origin: ORIGIN[v.origin],
    rows,
    returned:
      v.state === 'returned'
        ? { stage: v.returnedAt ? `${STAGE[v.returnedAt]}退回` : '已退回', reason: v.returnReason ?? '' }
        : null,
  };
}

/** Who answered for the unit and when: 刘芳（139****0000）通过确认链接确认 · 2026年3月2日 10:00 */
export function confirmationText(c: PartyAnswerView): string {
  const who = c.name ? `${c.name}${c.maskedPhone ? `（${c.maskedPhone}）` : ''}` : '用人单位';
  const how = c.via === 'link' ? '通过确认链接' : '在单位页面';
  return `${who}${how}${c.decision === 'confirm' ? '确认' : '拒绝'} · ${chineseDateTime(c.at)}`;
}

/** Why there is no 打印 button, by state: when printing becomes possible, or that it no longer will. */
const PRINT_NOTES: Partial<Record<AgreementState, string>> = {
  draft: '协议签约成功后才能打印：请先发起签约，院系和学校审核通过后即可在此打印。',
  pendingEmployer: '协议签约成功后才能打印：用人单位确认、院系和学校审核通过后即可在此打印。',
  pendingCollege: '协议签约成功后才能打印：院系和学校审核通过后即可在此打印。',
  pendingSchool: '协议签约成功后才能打印：学校审核通过后即可在此打印。',
  returned: '协议签约成功后才能打印：协议修改后重新提交，院系和学校审核通过后即可在此打印。',
  terminated: '协议已解约，不再打印。',
  cancelled: '协议已作废，不能打印。',
};

export const printNote = (v: AgreementView): string => (v.canPrint ? '' : (PRINT_NOTES[v.state] ?? ''));

/** What the student may do with the agreement itself (the server decides again on every call). */
export interface Actions {
  /** 撤回: a student-initiated agreement the college has not acted on */
  withdraw: boolean;
  /** 编辑并重新发起 (returned) or 编辑并发起 (a draft) */
  edit: string;
  /** 作废: a draft or returned agreement */
  cancel: boolean;
  /** a returned offer-born agreement: the unit revises it */
  unitRevises: boolean;
}

export function actions(v: AgreementView): Actions {
  // what the student started is theirs to take back, edit or void; the unit and reviewers only read it
  const own = v.origin === 'student' && v.asStudent;
  return {
    withdraw: own && (v.state === 'pendingCollege' || v.state === 'pendingEmployer'),
    edit: own && v.state === 'returned' ? '编辑并重新发起' : own && v.state === 'draft' ? '编辑并发起' : '',
    cancel: v.asStudent && (v.state === 'draft' || v.state === 'returned'),
    unitRevises: v.origin !== 'student' && v.state === 'returned',
  };
}

export interface TerminationRow {
  id: string;
  tag: StateLabel;
  date: string;
  reason: string;
}

export const terminationRows = (ts: readonly TerminationView[]): TerminationRow[] =>
  ts.map((t) => ({ id: t.id, tag: terminationState(t.state), date: chineseDate(t.createdAt), reason: t.reason ?? '' }));

/**
 * The termination part: the 申请解约 entry when the student may ask, or why not. `canTerminate` already weighs the
 * school's switch and a waiting request; a signed agreement without either is closed by the school.
 */
export function terminationNote(v: AgreementView): string {
  if (v.state !== 'signed' || v.canTerminate) return '';
  if (v.terminations.some((t) => t.state === 'submitted')) return '解约申请已提交，等待学校审核。';
  if (v.terminations.some((t) => t.state === 'pendingConsent')) return '解约申请等待对方同意。';
  return '学校暂未开放学生申请解约，如需解约请联系院系或学校就业指导中心。';
}

export interface Thumb {
  fileId: string;
  src: string;
}

export const thumbs = (files: readonly FileView[]): Thumb[] => files.map((f) => ({ fileId: f.fileId, src: fileSrc(f) }));

/** The pending termination request, if any: while it waits the agreement may be about to end. */
export const pendingTermination = (v: AgreementView): TerminationView | undefined => v.terminations.find((t) => t.state === 'submitted');

/** The one thing the status card's main button does. */
export type PrimaryAction = '' | 'print' | 'edit' | 'termination' | 'offers' | 'seal';

/**
 * The top of the page: the state in words, what happens next and who acts, and the one main action. A graduate in a
 * hurry reads this card and nothing else.
 */
export interface Status {
  title: string;
  next: string;
  primary: PrimaryAction;
  primaryLabel: string;
  /** signed: the 打印 part is shown in the card (copies, where the paper copies go) */
  printable: boolean;
  /** why 打印 is off although the agreement is signed (a termination waits); '' when it is on */
  printPaused: string;
}

/** Everyone waiting on a reviewer is told the page shows the result whether or not they allowed 微信通知. */
const RESULT_HERE = '审核结果会显示在本页；您如已允许微信通知，也会收到通知。';
const SIGN_AGAIN = '如与其他单位签约，请到「三方协议」应约或发起签约。';
export const PRINT_PAUSED = '解约申请审核期间暂停打印：学校不同意解约的，可继续打印；同意的，本协议不再有效。';

export function status(v: AgreementView): Status {
  const own = v.origin === 'student';
  const none = { primary: '' as PrimaryAction, primaryLabel: '', printable: false, printPaused: '' };
  switch (v.state) {
    case 'draft':
      return { ...none, title: '草稿，尚未发起', next: '请点击「编辑并发起」，补全信息后发起签约；发起后由院系审核。', primary: 'edit', primaryLabel: '编辑并发起' };
    case 'pendingEmployer':
      return { ...none, title: '等待单位确认', next: `用人单位确认后送院系审核。${RESULT_HERE}` };
    case 'pendingCollege':
      return { ...none, title: '等待院系审核', next: `院系正在审核，您无需操作。${RESULT_HERE}` };
    case 'pendingSchool':
      return { ...none, title: '等待学校审核', next: `院系已审核通过，学校正在审核，您无需操作。${RESULT_HERE}` };
    case 'returned': {
      const title = v.returnedAt === 'employer' ? '用人单位拒绝确认' : v.returnedAt ? `${STAGE[v.returnedAt]}退回` : '已退回';
      if (own && v.returnedAt === 'employer') {
        return { ...none, title, next: '请与用人单位沟通，按拒绝原因修改后点击「编辑并重新发起」；不再与该单位签约的，可作废本协议。', primary: 'edit', primaryLabel: '编辑并重新发起' };
      }
      return own
        ? { ...none, title, next: '请按退回原因修改后点击「编辑并重新发起」；不再与该单位签约的，可作废本协议。', primary: 'edit', primaryLabel: '编辑并重新发起' }
        : { ...none, title, next: '用人单位将按退回原因修改后重新提交审核，届时会通知您，您无需操作；不再与该单位签约的，可作废本协议。' };
    }
    case 'signed': {
      // a request waiting for the other party (mutual consent): who asked says who acts
      const asked = v.terminations.find((t) => t.state === 'pendingConsent');
      if (asked) {
        const byUnit = asked.initiator === 'employer';
        return {
          title: byUnit ? '用人单位申请解约' : '解约申请等待单位同意',
          next: byUnit
            ? `用人单位于${chineseDate(asked.createdAt)}申请解约，请查看原因后答复同意或不同意。`
            : `您于${chineseDate(asked.createdAt)}提交的解约申请正在等待单位同意，单位同意后由学校审核。`,
          primary: 'termination',
          primaryLabel: byUnit ? '答复解约申请' : '查看解约申请',
          printable: true,
          printPaused: PRINT_PAUSED,
        };
      }
      const waiting = pendingTermination(v);
      if (waiting) {
        return {
          title: '解约申请审核中',
          next: `您于${chineseDate(waiting.createdAt)}提交的解约申请正在等待学校审核，您无需操作。${RESULT_HERE}`,
          primary: 'termination',
          primaryLabel: '查看解约申请',
          printable: true,
          printPaused: PRINT_PAUSED,
        };
      }
      return {
        title: '签约成功',
        // the copies are said just below, with the manual's reminder to preset them
        next: `请打印协议书。${v.paperCopiesNote}`,
        primary: 'print',
        primaryLabel: '打印协议书',
        printable: true,
        printPaused: '',
      };
    }
    case 'pendingSeal':
      return { ...none, title: '等待单位盖章', next: '学校已审核通过，请打印协议书交用人单位盖章，再上传盖章后的各页（回传）。', primary: 'seal', primaryLabel: '去盖章回传' };
    case 'pendingSealReview':
      return { ...none, title: '等待学校鉴证', next: `盖章的协议书已上传，学校正在鉴证，您无需操作。${RESULT_HERE}`, primary: 'seal', primaryLabel: '查看回传' };
    case 'terminated':
      return { ...none, title: '已解约', next: `本协议已解除，不再有效。${SIGN_AGAIN}`, primary: 'offers', primaryLabel: '去三方协议' };
    case 'cancelled':
      return { ...none, title: '已作废', next: `本协议已作废，不再有效。${SIGN_AGAIN}`, primary: 'offers', primaryLabel: '去三方协议' };
  }
}

/** The progress bar (t-steps): the fixed way an agreement goes, where this one stands, and how that step went. */
export interface Progress {
  /** keyed by place, so a step whose title changes (签约成功 → 已解约) stays the same step */
  steps: { key: string; title: string; content: string }[];
  /** the step it stands at; a finished agreement stands at its last step with status finish */
  current: number;
  status: 'process' | 'finish' | 'error';
}

/** Where the review stood before an agreement was cancelled: the step of its last return, else its first step. */
function cancelledAt(v: AgreementView): number {
  const cancel = [...v.timeline].reverse().find((e) => e.to === 'cancelled');
  if (cancel?.from !== 'returned') return 0;
  const back = [...v.timeline].reverse().find((e) => e.to === 'returned');
  return back?.from === 'pendingSchool' ? 2 : 1;
}

/**
 * 应约/发起签约 → 院系审核 → 学校审核 → 签约成功, always four steps (the bar is not rebuilt when its length would change,
 * see the page's load). A returned or cancelled agreement stops, marked, at the step where it stopped; a pending
 * termination is noted under 签约成功; a terminated agreement's last step reads 已解约, marked, so the bar never claims
 * an agreement that no longer holds.
 */
export function progress(v: AgreementView): Progress {
  const steps = [
    { key: 'start', title: v.origin === 'offer' ? '应约' : '发起签约', content: '' },
    { key: 'college', title: '院系审核', content: '' },
    { key: 'school', title: '学校审核', content: '' },
    { key: 'end', title: '签约成功', content: '' },
  ];
  const at = (current: number, status: Progress['status'], content: string): Progress => {
    steps[current]!.content = content;
    return { steps, current, status };
  };
  switch (v.state) {
    case 'draft':
      return at(0, 'process', '草稿');
    case 'pendingEmployer':
      return at(0, 'process', '待单位确认');
    case 'pendingSeal':
      return at(3, 'process', '待单位盖章');
    case 'pendingSealReview':
      return at(3, 'process', '待学校鉴证');
    case 'pendingCollege':
      return at(1, 'process', '审核中');
    case 'pendingSchool':
      return at(2, 'process', '审核中');
    case 'returned':
      if (v.returnedAt === 'employer') return at(0, 'error', '单位拒绝确认');
      return at(v.returnedAt === 'school' ? 2 : 1, 'error', '已退回');
    case 'cancelled':
      return at(cancelledAt(v), 'error', '已作废');
    case 'signed':
      if (pendingTermination(v)) steps[3]!.content = '解约审核中';
      else if (v.terminations.some((t) => t.state === 'pendingConsent')) steps[3]!.content = '解约待对方同意';
      return { steps, current: 3, status: 'finish' };
    case 'terminated':
      steps[3]!.title = '已解约';
      return { steps, current: 3, status: 'error' };
  }
}
