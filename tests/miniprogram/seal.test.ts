/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
// 盖章回传 from the pages to the store, with the school's `employerSeal` on: the unit uploads (a page of another
// agreement and a file that is no image shown ✗ at once, nothing sent), the school's reviewer compares each stamped
// page with the generated one and returns them, the student uploads again for the unit, the school verifies: signed.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_OPENIDS as S } from '../../server/runtime/seed';
import { printAgreement } from '../../server/usecases/printAgreement';
import { accept, approve } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';
import { rasterise } from '../support/pdf';
import { allPages, pagePhoto, pngOf } from '../support/seal';
import { capture, galleryDir, type GalleryEntry } from './gallery';
import { installWx, openPage, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const button = (cls: string): string => `.${cls} >>> .t-button`;
const rowTexts = (page: Page): string[] => page.querySelectorAll('.picked__text').map((t) => (t.dom?.textContent ?? '').trim());
const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').trim());
/** each printed page's slot: 第 N 页 and its state */
const slotTexts = (page: Page): string[] => {
  const states = texts(page, '.slot__state');
  return texts(page, '.slot__page').map((p, i) => `${p} ${states[i]}`);
};
const OTHER_NO = '20261000131000999';

/** TDesign's dialog opens and closes with a transition: a tap waits for it. */
const transitionDone = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));

/** The printed 备案表 as a gallery picture: the page rasterised, shown as the phone-wide image it is. */
function capturePdfPage(bytes: Buffer, page: number, state: string, title: string): void {
  const dir = galleryDir();
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const png = pngOf(rasterise(bytes, page, 88) as PNG);
  const file = `print--${state}.html`;
  writeFileSync(path.join(dir, file), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title><style>body{margin:0;width:750px;background:#fff}img{display:block;width:750px}</style></head><body><img src="data:image/png;base64,${png.toString('base64')}"></body></html>`);
  const entry: GalleryEntry = { page: 'print', state, title, file };
  appendFileSync(path.join(dir, 'captures.jsonl'), `${JSON.stringify(entry)}\n`);
}

describe('盖章回传 page (pkg/seal) and 回传鉴证 in the reviewer’s detail', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  let a: AgreementDoc;

  beforeEach(async () => {
    sys = await makeSystem({ settings: { employerSeal: true } });
    a = await approve(sys, await accept(sys, S.student, 'offer-demo-1'));
    env = installWx(sys, S.employer);
  });
  afterEach(() => sys.close());

  const stored = async (): Promise<AgreementDoc> => (await sys.store.get('agreements', a._id))!;

  it('the student’s 我的协议书 says the stamp is awaited and leads to 盖章回传', async () => {
    env.openid = S.student;
    const page = await openPage('agreement', env, { id: a._id });
    expect(textAt(page, '.status__title')).toBe('等待单位盖章');
    await tap(page, env, button('status__primary'));
    expect(env.visited).toEqual([`/pkg/seal/index?agreementId=${a._id}`]);
  });

  it('the unit downloads, adds photos (each ✓ or ✗ at once), cannot send a wrong page or a file that is no image, then sends every page', async () => {
    const page = await openPage('seal', env, { agreementId: a._id });
    expect(textAt(page, '.status__title')).toBe('等待单位盖章回传');
    // before the PDF was downloaded the page count is unknown: only the download is offered
    expect(page.querySelector('.seal__photos')).toBeUndefined();
    capture(page, 'seal', 'seal-unit-download', '盖章回传（单位）：先下载协议书 PDF');

    await tap(page, env, button('seal__download'));
    expect(env.downloads).toHaveLength(1);
    expect(slotTexts(page)).toEqual(['第 1 页 待上传', '第 2 页 待上传', '第 3 页 待上传', '第 4 页 待上传']);

    // given page 1, a page of another agreement, and page 3, photographed
    const printed = await sys.ok(printAgreement, S.employer, { agreementId: a._id });
    const pages = await allPages({ agreementNo: printed.agreementNo, code: printed.verificationCode, pages: 4 });
    env.picks = [
      { path: 'wxfile://tmp/p1.png', bytes: pages[0]! },
      { path: 'wxfile://tmp/other.png', bytes: await pagePhoto(OTHER_NO, printed.verificationCode, 2, 4) },
      { path: 'wxfile://tmp/p3.png', bytes: pages[2]! },
    ];
    await tap(page, env, button('seal__photos'));
    // each photo was compressed before it went up, and read at once
    expect(env.wx.compressImage).toHaveBeenCalledTimes(3);
    expect(rowTexts(page)).toEqual([
      '✓ 第 1 页',
      `✗ 不是本协议的页面：图片中的二维码属于协议 ${OTHER_NO}，本协议编号为 ${printed.agreementNo}`,
      '✓ 第 3 页',
    ]);
    // a file from a chat that is not an image or a PDF
    env.picks = [{ path: 'wxfile://tmp/letter.txt', bytes: Buffer.from('盖章说明（文字）') }];
    await tap(page, env, button('seal__pdf'));
    expect(rowTexts(page)[3]).toBe('✗ 这个文件不是 JPG、PNG 图片或 PDF 文件，请重新选择');
    expect(slotTexts(page)).toEqual(['第 1 页 ✓ 已上传', '第 2 页 待上传', '第 3 页 ✓ 已上传', '第 4 页 待上传']);
    capture(page, 'seal', 'seal-unit-checked', '盖章回传（单位）：每页立即核对，✓ 第几页 / ✗ 原因');

    // then the page names the file at fault, 提交回传 is off, and a tap on it sends and changes nothing
    expect(textAt(page, '.seal__problem')).toBe(`第 2 个文件不能提交：不是本协议的页面：图片中的二维码属于协议 ${OTHER_NO}，本协议编号为 ${printed.agreementNo}。请删除后重新拍照`);
    expect(page.querySelector('.seal__submit >>> .t-button--disabled')).toBeDefined();
    const before = await stored();
    await tap(page, env, button('seal__submit'));
    expect(env.calls.some((c) => c.name === 'sealAgreement' && (c.data as { action: string }).action === 'upload')).toBe(false);
    expect(await stored()).toEqual(before);

    // the wrong two removed, pages 2 and 4 added: every page ✓, sent
    await tap(page, env, '.picked__remove--3');
    await tap(page, env, '.picked__remove--1');
    env.picks = [
      { path: 'wxfile://tmp/p2.png', bytes: pages[1]! },
      { path: 'wxfile://tmp/p4.png', bytes: pages[3]! },
    ];
    await tap(page, env, button('seal__photos'));
    expect(textAt(page, '.seal__problem')).toBe('');
    await tap(page, env, button('seal__submit'));
    expect(await stored()).toMatchObject({ state: 'pendingSealReview', seal: { uploadedBy: { openid: S.employer, role: 'employer' } } });
    expect(env.toasts).toContain('已提交，等待学校鉴证');
    expect(textAt(page, '.status__title')).toBe('等待学校鉴证');
    expect(page.querySelectorAll('.uploaded .picked')).toHaveLength(4);
    capture(page, 'seal', 'seal-unit-uploaded', '盖章回传（单位）：已上传，等待学校鉴证');
  });

  it('the reviewer compares each stamped page with the generated one and returns them; the student uploads again; the school verifies: signed, with the 备案表 naming who did what', async () => {
    const printed = await sys.ok(printAgreement, S.employer, { agreementId: a._id });
    const pages = await allPages({ agreementNo: printed.agreementNo, code: printed.verificationCode, pages: 4 });
    // the unit's upload, through its page
    let page = await openPage('seal', env, { agreementId: a._id });
    env.picks = pages.map((bytes, i) => ({ path: `wxfile://tmp/u${i + 1}.png`, bytes }));
    await tap(page, env, button('seal__photos'));
    await tap(page, env, button('seal__submit'));
    expect((await stored()).state).toBe('pendingSealReview');

    // the school's reviewer: each printed page beside the uploaded one, with what its QR code said
    env.openid = S.schoolReviewer;
    page = await openPage('review/detail', env, { record: 'agreement', id: a._id });
    expect(page.querySelectorAll('.seal-row')).toHaveLength(4);
    expect(page.querySelectorAll('.seal-row__match').map((m) => (m.dom?.textContent ?? '').trim())).toEqual(['✓ 二维码：第 1 页', '✓ 二维码：第 2 页', '✓ 二维码：第 3 页', '✓ 二维码：第 4 页']);
    expect(textAt(page, '.seal-row__sheet-text')).toContain('甲方（用人单位）');
    capture(page, 'review-detail', 'seal-pages', '回传鉴证：盖章页与生成的协议书逐页对照');

    // 退回 with a reason: back to the uploaders
    await tap(page, env, button('detail__reject'));
    await transitionDone();
    const area = page.querySelector('.reject-dialog__reason >>> .t-textarea__wrapper-inner')!;
    area.dispatchEvent('input', { detail: { value: '第3页单位公章不清晰，请重新拍照', cursor: 15 } });
    await settle(page, env);
    await tap(page, env, button('reject-dialog__confirm'));
    await transitionDone();
    expect(await stored()).toMatchObject({ state: 'pendingSeal', seal: { returnReason: '第3页单位公章不清晰，请重新拍照' } });

    // the student sees why, and uploads every page again for the unit
    env.openid = S.student;
    page = await openPage('seal', env, { agreementId: a._id });
    expect(textAt(page, '.seal__reason')).toBe('退回原因：第3页单位公章不清晰，请重新拍照');
    expect(slotTexts(page)).toEqual(['第 1 页 待上传', '第 2 页 待上传', '第 3 页 待上传', '第 4 页 待上传']);
    capture(page, 'seal', 'seal-student-returned', '盖章回传（学生代传）：学校退回，写明原因');
    env.picks = pages.map((bytes, i) => ({ path: `wxfile://tmp/s${i + 1}.png`, bytes }));
    await tap(page, env, button('seal__photos'));
    await tap(page, env, button('seal__submit'));
    expect(await stored()).toMatchObject({ state: 'pendingSealReview', seal: { uploadedBy: { openid: S.student, role: 'student' } } });
    expect(textOf(page)).toContain('张三上传于');

    // 通过: signed
    env.openid = S.schoolReviewer;
    page = await openPage('review/detail', env, { record: 'agreement', id: a._id });
    await tap(page, env, button('detail__approve'));
    expect(await stored()).toMatchObject({ state: 'signed', seal: { verifiedBy: S.schoolReviewer } });

    env.openid = S.student;
    page = await openPage('seal', env, { agreementId: a._id });
    expect(textAt(page, '.status__title')).toBe('签约成功');
    expect(textAt(page, '.status__done')).toMatch(/^学校鉴证通过于 2026年3月2日$/);
    capture(page, 'seal', 'seal-student-signed', '盖章回传：学校鉴证通过，签约成功');

    // the signed copy's 备案表 lists the upload and the 鉴证
    const final = await sys.ok(printAgreement, S.student, { agreementId: a._id });
    const bytes = (await sys.files.read(final.fileId))!;
    capturePdfPage(bytes, final.pages, 'seal-filing', '协议书备案表：盖章回传与学校鉴证');
  });
});
