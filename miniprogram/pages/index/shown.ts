/** What the 首页 shows for a home view, and where each cell and to-do leads. Pure: the page and its tests share it. */
import type { AgreementSummary, HomeView, Todo } from '../../../typings/views';
import { agreementState, checkState, destinationState, NO_AGREEMENT, type TagTheme } from '../../utils/labels';

export type CellKey = 'source' | 'agreement' | 'employment' | 'destination';

export interface StatusCell {
  key: CellKey;
  title: string;
  label: string;
  theme: TagTheme;
  /** one line under the title: what is next, or what the record is about */
  description: string;
}

export interface Profile {
  name: string;
  studentNo: string;
  /** 学院 / 专业 */
  program: string;
}

/** How to get somewhere: tab pages only open with switchTab. */
export interface Destination {
  how: 'navigateTo' | 'switchTab';
  url: string;
}

type StudentPart = NonNullable<HomeView['student']>;

/** Who started an agreement decides who revises it when it comes back: the employer, or the student on 发起签约. */
export type Origin = 'offer' | 'student';

export const CHECK_PAGE = (kind: 'source' | 'employment'): Destination => ({ how: 'navigateTo', url: `/pkg/check/index?kind=${kind}` });
const OFFERS_TAB: Destination = { how: 'switchTab', url: '/pages/offers/index' };
const DESTINATION_PAGE: Destination = { how: 'navigateTo', url: '/pkg/destination/index' };

export const profileOf = (s: StudentPart): Profile => ({
  name: s.name,
  studentNo: s.studentNo,
  program: [s.collegeName, s.major].filter(Boolean).join(' / '),
});

function agreementDescription(s: StudentPart): string {
  if (s.agreement) return [s.agreement.employerName, s.agreement.jobTitle].filter(Boolean).join(' · ');
  return s.openOffers > 0 ? `${s.openOffers} 条邀约待处理` : '收到邀约后可在此应约';
}

export function statusCells(s: StudentPart): StatusCell[] {
  const source = checkState(s.sourceCheck);
  const agreement = s.agreement ? agreementState(s.agreement.state) : NO_AGREEMENT;
  const employment = checkState(s.employmentCheck);
  const signed = s.agreement?.state === 'signed';
  return [
    {
      key: 'source',
      title: '生源核查',
      ...source,
      // the manual: only an approved 生源核查 opens online signing
      description: s.sourceCheck === 'approved' ? '已可在线签约' : '院系审核通过后才可以在线签约',
    },
    { key: 'agreement', title: '三方协议', ...agreement, description: agreementDescription(s) },
    {
      key: 'employment',
      title: '就业信息',
      ...employment,
      description: s.employmentCheck === null && !signed ? '签约成功后核验就业信息' : '核对学校登记的就业信息',
    },
    { key: 'destination', title: '毕业去向登记', ...destinationState(s.destination), description: DESTINATION_LINES[s.destination ?? 'none'] },
  ];
}

/** 毕业去向登记's line under its cell: what the student does next. */
const DESTINATION_LINES: Record<NonNullable<StudentPart['destination']> | 'none', string> = {
  none: '离校前必须完成并通过审核',
  draft: '已保存，请填写完整后提交',
  submitted: '等待院系审核',
  returned: '已退回，请按原因修改后重新提交',
  approved: '审核通过，可查看或修改',
};

/** A draft is the student's own, still being written on 发起签约; any other agreement opens its detail page. */
export function agreementDestination(a: AgreementSummary | null): Destination {
  if (!a) return OFFERS_TAB;
  if (a.state === 'draft') return { how: 'navigateTo', url: `/pkg/initiate/index?id=${encodeURIComponent(a.id)}` };
  return { how: 'navigateTo', url: `/pkg/agreement/index?id=${encodeURIComponent(a.id)}` };
}

export function cellDestination(key: CellKey, s: StudentPart): Destination {
  if (key === 'agreement') return agreementDestination(s.agreement);
  if (key === 'destination') return DESTINATION_PAGE;
  return CHECK_PAGE(key);
}

/**
 * A returned check's to-do names its check only by id (`source:<学号>` / `employment:<学号>`) and by its words; the
 * id's prefix is the kind.
 */
const returnedCheckKind = (todo: Todo): 'source' | 'employment' =>
  todo.id?.startsWith('employment:') || (!todo.id && todo.text.startsWith('就业')) ? 'employment' : 'source';

/**
 * Where a to-do leads. A returned agreement is revised by whoever started it: the student's own on 发起签约, one
 * born from an offer on its detail page (where it can be cancelled while the employer revises). `origin` is
 * unknown when it could not be loaded; the detail page is then the safe place.
 */
export function todoDestination(todo: Todo, origin?: Origin): Destination {
  const id = encodeURIComponent(todo.id ?? '');
  switch (todo.kind) {
    case 'offer':
      return todo.id ? { how: 'navigateTo', url: `/pkg/offer/index?id=${id}` } : OFFERS_TAB;
    case 'sourceCheck':
      return CHECK_PAGE('source');
    case 'employmentCheck':
      return CHECK_PAGE('employment');
    case 'checkReturned':
      return CHECK_PAGE(returnedCheckKind(todo));
    case 'agreementReturned':
      if (!todo.id) return OFFERS_TAB;
      return origin === 'student'
        ? { how: 'navigateTo', url: `/pkg/initiate/index?id=${id}` }
        : { how: 'navigateTo', url: `/pkg/agreement/index?id=${id}` };
    case 'destination':
    case 'destinationConfirm':
      return DESTINATION_PAGE;
    case 'agreementConfirm':
      return todo.id ? { how: 'navigateTo', url: `/pkg/agreement/index?id=${id}` } : OFFERS_TAB;
    case 'agreementSeal':
      return todo.id ? { how: 'navigateTo', url: `/pkg/seal/index?agreementId=${id}` } : OFFERS_TAB;
  }
}

/** What a reviewer or an employer reads on the student's 首页 until their own tabs exist. */
export function staffNotice(view: HomeView): string {
  switch (view.role) {
    case 'collegeReviewer':
      return `您已绑定为院系审核老师${view.reviewer?.collegeName ? `（${view.reviewer.collegeName}）` : ''}。生源核查、三方协议等审核请在「审核」标签中办理。`;
    case 'schoolReviewer':
      return '您已绑定为学校审核老师。三方协议、解约等审核请在「审核」标签中办理。';
    case 'employer':
      return `您已绑定为用人单位${view.employer ? `「${view.employer.name}」` : ''}。邀约与签约请在「单位」标签中办理。`;
    default:
      return '该身份的业务请在学校管理端办理。';
  }
}
