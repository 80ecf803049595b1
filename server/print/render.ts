/**
 * The printed 毕业生就业协议书: A4 pages with the parties, terms, the school's clauses, remarks and seal blocks,
 * then the 备案表; every page's footer carries the number, signing date, verification code and QR code.
 * Deterministic: the same agreement and settings give the same bytes (the PDF's dates are the signing time).
 */
// a require, not an import: bundled, pdfkit's ESM build computes a path from import.meta.url, empty in CommonJS
import PDFDocument = require('pdfkit');
import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { verifyPath, type Signed } from '../domain/document';
import { printModel, type PrintModel, type PrintRecord, type PrintSettings } from './fields';
import { FONT_FACE, fontPath } from './font';
import { printableSignature } from './signature';
import { GREY, INK, SIZE, clauseSections, grid, left, paragraph, sectionBar, signatureBlocks, textBox, textBoxHeight, width } from './layout';

export type { PrintRecord, PrintSettings } from './fields';

type Doc = InstanceType<typeof PDFDocument>;

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
  model: PrintModel;
  /** the section titles each page carries, page by page: what 鉴证 shows beside each uploaded page */
  outline: string[][];
}

const FOOTER = 92;
const QR_SIZE = 64;
const MARGINS = { top: 48, bottom: FOOTER + 14, left: 50, right: 50 };

let font: Buffer | undefined;
/** 5 MB read once per process (a warm cloud container prints many agreements). */
const fontBytes = (): Buffer => (font ??= readFileSync(fontPath()));

export async function renderAgreementPdf(
  agreement: Signed & { agreementNo: string; signedAt: string },
  settings: PrintSettings,
  record: PrintRecord,
): Promise<RenderedPdf> {
  const model = printModel(agreement, settings, record);
  const signed = new Date(agreement.signedAt);
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    // no standard font: every glyph comes from the embedded CJK font
    font: null as unknown as string,
    info: {
      Title: `毕业生就业协议书 ${model.agreementNo}`,
      Subject: `校验码 ${model.code}`,
      Author: settings.schoolName,
      Creator: '网签三方协议',
      Producer: '网签三方协议',
      CreationDate: signed,
      ModDate: signed,
    },
  });
  doc.registerFont('cjk', fontBytes(), FONT_FACE);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const outline: string[][] = [];
  const mark = (title: string): void => {
    const { start, count } = doc.bufferedPageRange();
    (outline[start + count - 1] ??= []).push(title);
  };
  agreementPages(doc, model, settings, mark);
  filingPage(doc, model, mark);
  const pages = doc.bufferedPageRange().count;
  // a page that only continues the one before (the clauses) says so
  for (let i = 0; i < pages; i++) outline[i] ??= [`${outline[i - 1]?.at(-1)?.replace(/（续）$/, '') ?? ''}（续）`];
  // each page's QR says which page it is (a photo of a stamped page is matched to its place by it); the PNGs are made
  // first, then opened in page order and embedded at once (qrPng), so the bytes do not depend on timing
  const codes = await Promise.all(Array.from({ length: pages }, (_, i) => qrPng(model, { page: i + 1, pages })));
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(i);
    footer(doc, model, openImage(doc, codes[i]!), i + 1, pages);
  }
  doc.flushPages();
  doc.end();
  await ended;
  return { bytes: Buffer.concat(chunks), pages, model, outline };
}

/**
 * A greyscale PNG without alpha: pdfkit embeds it at once, where an RGBA one (qrcode's default) is split into colour
 * and mask asynchronously, and several of those finishing in any order would make the bytes differ between runs.
 * `colorType` goes to pngjs (qrcode passes rendererOpts on; its typings name only the deflate options).
 */
const qrPng = (m: PrintModel, at: { page: number; pages: number }): Promise<Buffer> =>
  QRCode.toBuffer(verifyPath(m.agreementNo, m.code, at), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 256,
    rendererOpts: { colorType: 0 } as { deflateLevel?: number },
  });

/** pdfkit's `openImage` (missing from @types/pdfkit 0.17): decoded once, then `doc.image` takes it on any page. */
type OpenedImage = { width: number; height: number };
const openImage = (doc: Doc, src: Buffer): OpenedImage =>
  (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(src);

type Mark = (title: string) => void;

function agreementPages(doc: Doc, m: PrintModel, settings: PrintSettings, mark: Mark): void {
  doc.fillColor(INK).fontSize(SIZE.title).text('毕业生就业协议书', left(doc), doc.y, { width: width(doc), align: 'center', characterSpacing: 4 });
  doc.moveDown(0.3);
  const y = doc.y;
  doc.fontSize(SIZE.body).fillColor(GREY);
  doc.text(`学校：${settings.schoolName}`, left(doc), y, { width: width(doc) / 2, lineBreak: false });
  doc.text(`协议编号：${m.agreementNo}`, left(doc) + width(doc) / 2, y, { width: width(doc) / 2, align: 'right', lineBreak: false });
  doc.y = y + 20;

  sectionBar(doc, '甲方（用人单位）');
  mark('甲方（用人单位）');
  grid(doc, m.employer);
  sectionBar(doc, '乙方（毕业生）');
  mark('乙方（毕业生）');
  grid(doc, m.student);
  sectionBar(doc, '丙方（学校）');
  mark('丙方（学校）');
  grid(doc, m.school);
  sectionBar(doc, '工作信息');
  mark('工作信息');
  grid(doc, m.job);
  sectionBar(doc, '档案与户口');
  mark('档案与户口');
  grid(doc, [...m.file, ...m.hukou, ...m.legacy]);

  mark('协议条款');
  clauseSections(doc, '协议条款', m.clausesNote, m.clauses);

  // both rows of seals on one page, a clerk checks every party's seal and date at one glance; each box holds a
  // round seal (42 mm, about 120 points) above its date line
  const [partiesH, extraH] = [150, 128];
  const seals = 6 + partiesH + 10 + extraH + 4;
  // the 补充条款 (at most 1000 characters) stay on the page the parties seal: what they agreed to beside their seals
  sectionBar(doc, '补充条款', textBoxHeight(doc, m.remarks) + 14 + 20 + seals);
  mark('补充条款');
  doc.y += 4;
  textBox(doc, m.remarks);

  sectionBar(doc, '签字盖章', seals);
  mark('签字盖章');
  doc.y += 6;
  // the drawn 签名 cropped and without alpha (print/signature.ts); one that does not decode leaves the line blank
  const parties = m.seals.map(({ signature, ...block }) => {
    const image = signature && printableSignature(signature);
    return image ? { ...block, signature: image } : block;
  });
  signatureBlocks(doc, parties, partiesH);
  signatureBlocks(doc, m.sealsExtra, extraH);
}

function filingPage(doc: Doc, m: PrintModel, mark: Mark): void {
  doc.addPage();
  mark('备案表');
  doc.fillColor(INK).fontSize(SIZE.subtitle).text('毕业生就业协议备案表', left(doc), doc.page.margins.top, { width: width(doc), align: 'center', characterSpacing: 2 });
  doc.y += 14;
  grid(doc, m.filing);
  if (m.filingParties.length) {
    sectionBar(doc, '单位确认、盖章回传与学校鉴证');
    grid(doc, m.filingParties);
  }
  sectionBar(doc, '备案意见');
  doc.y += 4;
  signatureBlocks(doc, m.filingSeals);
  paragraph(doc, { text: m.filingNote, size: SIZE.body });
}

function footer(doc: Doc, m: PrintModel, qr: OpenedImage, page: number, pages: number): void {
  // drawing below the bottom margin would make pdfkit start a new page
  const margins = doc.page.margins;
  const saved = margins.bottom;
  margins.bottom = 0;
  const x = left(doc);
  const top = doc.page.height - FOOTER;
  const textW = width(doc) - QR_SIZE - 12;
  doc.save().lineWidth(0.5).strokeColor('#888888').moveTo(x, top).lineTo(x + width(doc), top).stroke().restore();
  doc.fillColor(INK).fontSize(SIZE.small + 0.5);
  const line = (text: string, dy: number, color = INK) =>
    doc.fillColor(color).text(text, x, top + dy, { width: textW, lineBreak: false });
  line(`协议编号：${m.agreementNo}        签约日期：${m.signedDate}`, 8);
  line(`校验码：${m.code}`, 22);
  line('核验方法：在微信小程序「协议核验」页扫描右侧二维码，或输入协议编号和校验码。', 36, GREY);
  line('核验结果与本页内容不一致、或显示已解约的，本协议书不再作为有效凭证。', 48, GREY);
  doc.fillColor(GREY).text(`第 ${page} 页 / 共 ${pages} 页`, x, top + 66, { width: textW, lineBreak: false });
  doc.image(qr as unknown as Buffer, x + width(doc) - QR_SIZE, top + 6, { width: QR_SIZE, height: QR_SIZE });
  margins.bottom = saved;
}
