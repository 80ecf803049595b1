/**
 * 回传 and 鉴证 as decisions: the school's approval with the seal step, the upload of the stamped pages checked as a
 * set, and the school's 鉴证 or return.
 */
import { reviewAgreement, reviewScope } from '../../server/domain/review';
import { sealMatchText, sealProblems, uploadSeal, type FileMatch } from '../../server/domain/seal';
import type { AgreementDoc, SealRecord } from '../../server/domain/types';
import { partyLines } from '../../server/usecases/printAgreement';
import { aFile, anActor, anAgreement, anEnv, messagesOf, NOW, OPENIDS, refusal, refusalOf, theWrite, trail } from './builders';

const school = anEnv({ role: 'schoolReviewer' });
const page = (n: number): FileMatch => ({ ok: true, page: n });
const other: FileMatch = { ok: false, reason: 'otherAgreement', message: '不是本协议的页面：图片中的二维码属于协议 X，本协议编号为 Y' };
const pdf: FileMatch = { ok: false, reason: 'pdf', message: '暂不支持 PDF 回传' };

const SEAL: SealRecord = {
  pages: [1, 2, 3, 4].map((n) => ({ file: aFile(n), page: n, match: 'ok' })),
  uploadedBy: { openid: OPENIDS.employer, role: 'employer' },
  uploadedAt: NOW,
};

describe('the school’s approval with the seal step', () => {
  it('dates the agreement and sends it to be stamped, telling the student and the unit where to upload', () => {
    const a = anAgreement('pendingSchool');
    const decided = reviewAgreement({ env: school, decision: 'approve', agreement: a, employerSeal: true });
    expect(decided.doc).toMatchObject({ state: 'pendingSeal', signedAt: NOW });
    expect(trail(decided)[0]).toMatchObject({ action: 'schoolApproveToSeal', from: 'pendingSchool', to: 'pendingSeal' });
    const told = messagesOf(decided);
    expect(told.map((m) => [m.to, m.page])).toEqual([
      [OPENIDS.student, `pkg/seal/index?agreementId=${a._id}`],
      [OPENIDS.employer, `pkg/seal/index?agreementId=${a._id}`],
    ]);
    expect(Object.values(told[0]!.data).slice(0, 3)).toEqual(['三方协议学校审核', '通过', '请打印协议书交单位盖章后回传']);
  });

  it('signs at once without it', () => {
    expect(reviewAgreement({ env: school, decision: 'approve', agreement: anAgreement('pendingSchool') }).doc.state).toBe('signed');
  });

  it('鉴证 is the school’s alone', () => {
    const waiting = anAgreement('pendingSealReview', { seal: SEAL });
    expect(reviewScope.agreement({ role: 'schoolReviewer' }, waiting)).toBe(true);
    expect(reviewScope.agreement({ role: 'collegeReviewer', collegeId: waiting.collegeId }, waiting)).toBe(false);
    expect(refusalOf(() => reviewAgreement({ env: anEnv({ role: 'collegeReviewer' }), decision: 'approve', agreement: waiting }))).toBe('FORBIDDEN');
  });
});

describe('uploadSeal', () => {
  const a = anAgreement('pendingSeal', { signedAt: NOW });

  it('takes every page once, in any order, with a PDF standing for the pages no image showed', () => {
    expect(sealProblems([page(2), page(1), page(4), page(3)], 4)).toEqual([]);
    expect(sealProblems([page(1), pdf], 4)).toEqual([]);
  });

  it('names each file at fault by its place, then the missing pages', () => {
    expect(sealProblems([page(1), other, page(1)], 3)).toEqual([
      { path: 'files.1', message: '盖章页第 2 张：不是本协议的页面：图片中的二维码属于协议 X，本协议编号为 Y' },
      { path: 'files.2', message: '盖章页第 3 张：第 1 页重复，与第 1 张是同一页，请删除其中一张' },
      { path: 'files', message: '缺少协议书第 2、3 页：请拍下盖章后的每一页（共 3 页）再上传' },
    ]);
  });

  it('refuses a set with a wrong page whole', () => {
    const e = refusal(() => uploadSeal({ env: anEnv({ role: 'employer' }), agreement: a, files: [aFile(1), aFile(2)], matches: [page(1), other], pages: 2 }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('盖章页第 2 张：不是本协议的页面：图片中的二维码属于协议 X，本协议编号为 Y');
  });

  it('by the unit: to 鉴证, each page with its match, the files’ hashes in the audit entry, the student told', () => {
    const files = [aFile(1), aFile(2)];
    const decided = uploadSeal({ env: anEnv({ role: 'employer' }), agreement: { ...a, seal: { ...SEAL, returnReason: '不清晰' } }, files, matches: [page(2), pdf], pages: 2 });
    expect(theWrite(decided, 'agreements').doc).toMatchObject({
      state: 'pendingSealReview',
      seal: { pages: [{ file: files[0], page: 2, match: 'ok' }, { file: files[1], page: null, match: 'pdf' }], uploadedBy: { openid: OPENIDS.employer, role: 'employer' }, uploadedAt: NOW },
    });
    expect(decided.agreement.seal).not.toHaveProperty('returnReason');
    expect(trail(decided)[0]).toMatchObject({ action: 'uploadSeal', actor: anActor('employer'), attachments: files });
    expect(messagesOf(decided).map((m) => m.to)).toEqual([OPENIDS.student]);
  });

  it('is not for a reviewer, nor for an agreement that is not waiting for its stamp', () => {
    expect(refusalOf(() => uploadSeal({ env: school, agreement: a, files: [aFile(1)], matches: [page(1)], pages: 1 }))).toBe('FORBIDDEN');
    expect(refusalOf(() => uploadSeal({ env: anEnv({ role: 'student' }), agreement: anAgreement('signed'), files: [aFile(1)], matches: [page(1)], pages: 1 }))).toBe('INVALID_TRANSITION');
  });
});

describe('鉴证', () => {
  const waiting = anAgreement('pendingSealReview', { signedAt: '2026-05-30T02:00:00.000Z', seal: SEAL });

  it('通过 signs it, keeping the 签约日期 the stamped copy carries, and records who verified', () => {
    const decided = reviewAgreement({ env: school, decision: 'approve', agreement: waiting });
    expect(decided.doc).toMatchObject({ state: 'signed', signedAt: '2026-05-30T02:00:00.000Z', seal: { ...SEAL, verifiedBy: OPENIDS.schoolReviewer, verifiedAt: NOW } });
    expect(Object.values(messagesOf(decided)[0]!.data).slice(0, 2)).toEqual(['三方协议回传鉴证', '签约成功']);
  });

  it('退回 asks for the pages again with the reason, to both uploaders, on the 回传 page', () => {
    const decided = reviewAgreement({ env: school, decision: 'return', reason: ' 公章不清晰 ', agreement: waiting });
    expect(decided.doc).toMatchObject({ state: 'pendingSeal', seal: { returnReason: '公章不清晰' } });
    expect(decided.doc.returnReason).toBeUndefined();
    expect(messagesOf(decided).map((m) => [m.to, m.page, m.data.phrase2])).toEqual([
      [OPENIDS.student, `pkg/seal/index?agreementId=${waiting._id}`, '退回'],
      [OPENIDS.employer, `pkg/seal/index?agreementId=${waiting._id}`, '退回'],
    ]);
    expect(refusalOf(() => reviewAgreement({ env: school, decision: 'return', reason: ' ', agreement: waiting }))).toBe('REASON_REQUIRED');
  });
});

describe('the 备案表’s lines on the unit’s part', () => {
  const signed = (over: Partial<AgreementDoc>): AgreementDoc => anAgreement('signed', { signedAt: NOW, ...over });

  it('name who confirmed (by link or account), who uploaded and when it was verified; none before it is signed', () => {
    const confirmation = { decision: 'confirm' as const, via: 'link' as const, openid: 'hr', role: 'employer' as const, name: '王经理', phone: '13900000000', at: NOW };
    expect(partyLines(signed({ confirmation, seal: { ...SEAL, verifiedAt: NOW } }))).toEqual([
      { label: '单位确认', value: '王经理（确认链接）　2026年6月1日 10:00', wide: true },
      { label: '盖章回传', value: '用人单位上传盖章协议书（4 个文件）　2026年6月1日 10:00', wide: true },
      { label: '学校鉴证', value: '学校就业主管部门鉴证通过　2026年6月1日 10:00', wide: true },
    ]);
    expect(partyLines(signed({}))).toEqual([]);
    expect(partyLines(anAgreement('pendingSeal', { confirmation, seal: SEAL }))).toEqual([]);
    // the phone is never printed
    expect(JSON.stringify(partyLines(signed({ confirmation })))).not.toContain('13900000000');
  });

  it('say what a match means in a few words', () => {
    expect([sealMatchText('ok', 2), sealMatchText('pdf', null), sealMatchText('otherAgreement', null), sealMatchText('unreadable', null)]).toEqual([
      '第 2 页', 'PDF 文件：页码由学校鉴证时核对', '不是本协议的页面', '未识别到二维码',
    ]);
  });
});
