/**
 * 回传 and 鉴证 through the functions, with the school's `employerSeal` on: the school's approval sends the agreement
 * to be stamped, the unit or the student uploads the stamped pages (each read by its QR code), the school verifies
 * or returns them; only its 鉴证 signs the agreement and fills the 毕业去向登记. Page photos: tests/support/seal.ts.
 */
import { destinationId } from '../../server/domain/destination';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_OPENIDS as S } from '../../server/runtime/seed';
import { query } from '../../server/usecases/query';
import { printAgreement } from '../../server/usecases/printAgreement';
import { review } from '../../server/usecases/review';
import { sealAgreement } from '../../server/usecases/sealAgreement';
import type { HomeView, ReviewDetail, SealPageCheck } from '../../typings';
import { accept, approve } from '../support/agreements';
import { pdfBytes, pngBytes } from '../support/files';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { pdfText, squeeze } from '../support/pdf';
import { allPages, pagePhoto, printFor, type Printed } from '../support/seal';

const OTHER_NO = '20261000131000999';

/** 张三 accepts the demo offer; the college and the school approve: with the setting on, it waits for the stamp. */
async function toSeal(sys: TestSystem): Promise<AgreementDoc> {
  return approve(sys, await accept(sys, S.student, 'offer-demo-1'));
}

async function uploadAll(sys: TestSystem, openid: string, photos: Buffer[], names = photos.map((_, i) => `page-${i + 1}.png`)): Promise<string[]> {
  return Promise.all(photos.map((bytes, i) => sys.upload(openid, names[i]!, bytes)));
}

const check = (sys: TestSystem, openid: string, agreementId: string, fileId: string) =>
  sys.ok(sealAgreement, openid, { action: 'checkPage', agreementId, fileId }) as Promise<SealPageCheck>;

/** What a refused call must leave alone: the agreement as stored and its audit trail. */
async function snapshot(sys: TestSystem, id: string) {
  return { agreement: await sys.store.get('agreements', id), audit: (await sys.auditOf('agreement', id)).length };
}

describe('sealAgreement: 回传 of the stamped pages, and the school’s 鉴证', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem({ settings: { employerSeal: true } });
  });
  afterEach(() => sys.close());

  it('the school’s approval sends the agreement to be stamped: dated, printable, not signed, the destination not yet filled', async () => {
    const a = await toSeal(sys);
    expect(a.state).toBe('pendingSeal');
    // the 签约日期 the stamped copy carries, and so its verification code, is the school's approval
    expect(a.signedAt).toBe(sys.deps.clock().toISOString());
    expect(await sys.store.get('destinations', destinationId(a.studentNo))).toBeNull();
    const toStudent = (await sys.all('outbox')).filter((m) => m.to === S.student && m.page.startsWith('pkg/seal/'));
    expect(toStudent.map((m) => Object.values(m.data).slice(0, 3))).toEqual([['三方协议学校审核', '通过', '请打印协议书交单位盖章后回传']]);
    expect(toStudent[0]!.page).toBe(`pkg/seal/index?agreementId=${a._id}`);
    // the student's 首页 says what is awaited, and leads to the 回传 page
    const home = (await sys.ok(query, S.student, { view: 'home' })) as HomeView;
    expect(home.todos).toContainEqual({ kind: 'agreementSeal', text: '请打印协议书交用人单位盖章，再上传盖章后的每一页', id: a._id });
    // the unit and the student may print it now, to stamp it
    const printed = await sys.ok(printAgreement, S.employer, { agreementId: a._id });
    expect(printed.pages).toBe(4);
  });

  it('checkPage answers at once which page a photo is, or why it does not belong, and writes nothing', async () => {
    const a = await toSeal(sys);
    const page2 = await sys.upload(S.employer, 'p2.png', await pagePhoto('0', '0', 2, 4));
    // given nothing printed yet, then the uploader is sent to download the PDF first
    const early = await sys.call(sealAgreement, S.employer, { action: 'checkPage', agreementId: a._id, fileId: page2 });
    expect(early).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '请先在本页下载协议书 PDF，打印并盖章后再上传' });

    const p = await printFor(sys, S.employer, a);
    const before = await snapshot(sys, a._id);
    const [ok, other, outdated, blank, text, pdf] = await uploadAll(
      sys,
      S.employer,
      [
        await pagePhoto(p.agreementNo, p.code, 2, p.pages),
        await pagePhoto(OTHER_NO, p.code, 2, p.pages),
        await pagePhoto(p.agreementNo, '0000-0000-0000-0000', 1, p.pages),
        pngBytes('空白'),
        Buffer.from('盖章页.docx 其实是文字'),
        pdfBytes('扫描件'),
      ],
      ['a.png', 'b.png', 'c.png', 'd.png', 'e.txt', 'f.pdf'],
    );
    expect(await check(sys, S.employer, a._id, ok!)).toEqual({ fileId: ok, accepted: true, page: 2, pages: 4, match: 'ok', text: '第 2 页' });
    expect(await check(sys, S.employer, a._id, other!)).toMatchObject({
      accepted: false, match: 'otherAgreement', text: `不是本协议的页面：图片中的二维码属于协议 ${OTHER_NO}，本协议编号为 ${p.agreementNo}`,
    });
    expect(await check(sys, S.employer, a._id, outdated!)).toMatchObject({ accepted: false, match: 'outdated', page: 1 });
    expect(await check(sys, S.employer, a._id, blank!)).toMatchObject({ accepted: false, match: 'unreadable', page: null });
    expect(await check(sys, S.employer, a._id, text!)).toMatchObject({ accepted: false, match: 'notImage', text: '这个文件不是 JPG、PNG 图片或 PDF 文件，请重新选择' });
    expect(await check(sys, S.employer, a._id, pdf!)).toMatchObject({ accepted: true, match: 'pdf', page: null, text: 'PDF 文件：页码由学校鉴证时核对' });
    expect(await snapshot(sys, a._id)).toEqual(before);
    // a file of someone else's folder is not read
    expect(await sys.call(sealAgreement, S.student, { action: 'checkPage', agreementId: a._id, fileId: ok })).toMatchObject({ ok: false, code: 'FILE_NOT_OWNED' });
  });

  describe('an upload that does not hold every page of this print is refused whole, naming the file, and changes nothing', () => {
    let a: AgreementDoc;
    let p: Printed;
    beforeEach(async () => {
      a = await toSeal(sys);
      p = await printFor(sys, S.student, a);
    });

    it('a page with another agreement’s QR code', async () => {
      const pages = await allPages(p);
      const files = await uploadAll(sys, S.employer, [pages[0]!, await pagePhoto(OTHER_NO, p.code, 2, 4), pages[2]!, pages[3]!]);
      const before = await snapshot(sys, a._id);
      const r = await sys.call(sealAgreement, S.employer, { action: 'upload', requestId: rid(), agreementId: a._id, version: a.version, files });
      expect(r).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: `盖章页第 2 张：不是本协议的页面：图片中的二维码属于协议 ${OTHER_NO}，本协议编号为 ${p.agreementNo}`,
      });
      // the page it should have been is missing too, said after the file at fault
      expect(!r.ok && r.issues?.map((i) => i.path)).toEqual(['files.1', 'files']);
      expect(!r.ok && r.issues?.[1]?.message).toBe('缺少协议书第 2 页：请拍下盖章后的每一页（共 4 页）再上传');
      expect(await snapshot(sys, a._id)).toEqual(before);
    });

    it('a file that is neither an image nor a PDF', async () => {
      const files = [...(await uploadAll(sys, S.student, await allPages(p))), await sys.upload(S.student, 'notes.txt')];
      const before = await snapshot(sys, a._id);
      const r = await sys.call(sealAgreement, S.student, { action: 'upload', requestId: rid(), agreementId: a._id, version: a.version, files });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '盖章页第 5 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传' });
      expect(!r.ok && r.issues?.map((i) => i.path)).toEqual(['files.4']);
      expect(await snapshot(sys, a._id)).toEqual(before);
    });

    it('a page twice and a page missing, or an upload by someone who is not a party', async () => {
      const pages = await allPages(p);
      const files = await uploadAll(sys, S.student, [pages[0]!, pages[1]!, pages[1]!]);
      const before = await snapshot(sys, a._id);
      const r = await sys.call(sealAgreement, S.student, { action: 'upload', requestId: rid(), agreementId: a._id, version: a.version, files });
      expect(!r.ok && r.issues?.map((i) => i.message)).toEqual([
        '盖章页第 3 张：第 2 页重复，与第 2 张是同一页，请删除其中一张',
        '缺少协议书第 3、4 页：请拍下盖章后的每一页（共 4 页）再上传',
      ]);
      const stranger = await uploadAll(sys, S.student2, pages);
      expect(await sys.call(sealAgreement, S.student2, { action: 'upload', requestId: rid(), agreementId: a._id, version: a.version, files: stranger })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await sys.call(query, S.student2, { view: 'seal', agreementId: a._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await snapshot(sys, a._id)).toEqual(before);
    });
  });

  it('the unit uploads, the school returns with a reason, the student uploads again (a PDF among the photos), the school verifies: signed', async () => {
    const a = await toSeal(sys);
    const p = await printFor(sys, S.employer, a);
    const pages = await allPages(p);
    // when the unit uploads every page, in any order
    const files = await uploadAll(sys, S.employer, [pages[3]!, pages[0]!, pages[2]!, pages[1]!]);
    const up = await sys.ok(sealAgreement, S.employer, { action: 'upload', requestId: rid(), agreementId: a._id, version: a.version, files });
    expect(up).toMatchObject({ record: 'agreement', state: 'pendingSealReview' });
    let stored = (await sys.store.get('agreements', a._id))!;
    expect(stored.seal).toMatchObject({ uploadedBy: { openid: S.employer, role: 'employer' }, uploadedAt: sys.deps.clock().toISOString() });
    expect(stored.seal!.pages.map((x) => [x.page, x.match])).toEqual([[4, 'ok'], [1, 'ok'], [3, 'ok'], [2, 'ok']]);
    // the audit entry seals each page's content
    const entry = (await sys.auditOf('agreement', a._id)).at(-1)!;
    expect(entry).toMatchObject({ action: 'uploadSeal', from: 'pendingSeal', to: 'pendingSealReview' });
    expect(entry.attachments?.map((f) => f.sha256)).toHaveLength(4);
    expect((await sys.all('outbox')).filter((m) => m.to === S.student).at(-1)!.data).toMatchObject({ thing1: '三方协议盖章回传', phrase2: '已上传' });

    // the reviewer's detail: each printed page with what it carries, beside the file matched to it
    const detail = (await sys.ok(query, S.schoolReviewer, { view: 'reviewDetail', record: 'agreement', id: a._id })) as ReviewDetail;
    expect(detail.queue?.name).toBe('agreementSeal');
    expect(detail.seal!.rows.map((r) => [r.page, r.upload?.text])).toEqual([[1, '第 1 页'], [2, '第 2 页'], [3, '第 3 页'], [4, '第 4 页']]);
    expect(detail.seal!.rows[0]!.generated).toContain('甲方（用人单位）');
    expect(detail.seal!.rows[3]!.generated).toBe('备案表');
    expect(detail.seal!.uploadedBy).toBe('用人单位');
    // a college reviewer has no say in 鉴证
    const college = await sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: stored.version }] });
    expect(college.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    // when the school returns the pages with a reason
    const back = await sys.ok(review, S.schoolReviewer, { requestId: rid(), decision: 'return', reason: '第3页单位公章不清晰', items: [{ record: 'agreement', id: a._id, version: stored.version }] });
    expect(back.results[0]).toMatchObject({ ok: true, state: 'pendingSeal' });
    const seen = await sys.ok(query, S.student, { view: 'seal', agreementId: a._id });
    expect(seen).toMatchObject({ canUpload: true, returnReason: '第3页单位公章不清晰', pages: 4, viewer: 'student', uploadedBy: '用人单位' });
    expect((await sys.all('outbox')).filter((m) => m.to === S.employer).at(-1)!.data).toMatchObject({ thing1: '张三的三方协议', phrase2: '退回', thing3: '第3页单位公章不清晰' });

    // then the student uploads again for the unit: three photos and a scanned PDF
    stored = (await sys.store.get('agreements', a._id))!;
    const again = [...(await uploadAll(sys, S.student, pages.slice(0, 3))), await sys.upload(S.student, 'scan.pdf', pdfBytes('第4页扫描'))];
    await sys.ok(sealAgreement, S.student, { action: 'upload', requestId: rid(), agreementId: a._id, version: stored.version, files: again });
    stored = (await sys.store.get('agreements', a._id))!;
    expect(stored.seal).toMatchObject({ uploadedBy: { role: 'student' } });
    expect(stored.seal).not.toHaveProperty('returnReason');
    const second = (await sys.ok(query, S.schoolReviewer, { view: 'reviewDetail', record: 'agreement', id: a._id })) as ReviewDetail;
    expect(second.seal!.rows.map((r) => [r.page, r.upload?.match ?? null])).toEqual([[1, 'ok'], [2, 'ok'], [3, 'ok'], [4, null], [null, 'pdf']]);

    // and the school verifies them: signed, the destination filled in the same commit, 签约成功 told
    const done = await sys.ok(review, S.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: stored.version }] });
    expect(done.results[0]).toMatchObject({ ok: true, state: 'signed' });
    const signed = (await sys.store.get('agreements', a._id))!;
    expect(signed.seal).toMatchObject({ verifiedBy: S.schoolReviewer, verifiedAt: sys.deps.clock().toISOString() });
    expect(signed.signedAt).toBe(a.signedAt);
    expect(await sys.store.get('destinations', destinationId(a.studentNo))).toMatchObject({ agreementId: a._id });
    expect((await sys.all('outbox')).filter((m) => m.to === S.student).at(-1)!.data).toMatchObject({ thing1: '三方协议回传鉴证', phrase2: '签约成功' });

    // the signed copy keeps the stamped copy's code and pages; its 备案表 names who uploaded and when it was verified
    const final = await sys.ok(printAgreement, S.student, { agreementId: a._id });
    expect(final).toMatchObject({ verificationCode: p.code, pages: 4 });
    const filing = squeeze(pdfText((await sys.files.read(final.fileId))!, 4));
    expect(filing).toContain('单位确认、盖章回传与学校鉴证');
    expect(filing).toContain('毕业生张三代单位上传盖章协议书（4个文件）');
    expect(filing).toContain('学校就业主管部门鉴证通过');
  });

  it('with the setting off, the school’s approval signs the agreement at once, as the manual has it', async () => {
    const off = await makeSystem();
    try {
      const a = await approve(off, await accept(off, S.student, 'offer-demo-1'));
      expect(a.state).toBe('signed');
      expect(a.seal).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
