/**
 * Drawing primitives of the printed agreement on a pdfkit page: section bars, label/value grids, bordered text boxes
 * and signature blocks. Each one moves `doc.y` below what it drew and starts a new page when it would not fit.
 */
import type PDFDocument from 'pdfkit';
import type { Field, SealBlock } from './fields';

type Doc = InstanceType<typeof PDFDocument>;

export const SIZE = { title: 22, subtitle: 16, section: 11, body: 9.5, small: 8 } as const;
export const INK = '#000000';
export const GREY = '#555555';
const LINE = '#444444';
const SHADE = '#eeeeee';
const PAD = 4;
const LABEL_W = 92;

export const left = (doc: Doc): number => doc.page.margins.left;
export const width = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` still fits above the footer. */
export function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
}

/** A shaded title bar, kept on one page with at least `keep` points of what follows it. */
export function sectionBar(doc: Doc, title: string, keep = 40): void {
  const h = 20;
  ensureRoom(doc, h + keep);
  const x = left(doc);
  const y = doc.y;
  doc.save().rect(x, y, width(doc), h).fill('#d9d9d9').restore();
  doc.fillColor(INK).fontSize(SIZE.section).text(title, x + PAD + 2, y + 4, { width: width(doc) - 2 * PAD, lineBreak: false });
  doc.y = y + h;
}

interface Cell {
  field: Field;
  x: number;
  w: number;
}

/** Pairs narrow fields two to a row; a wide field, or a narrow one left without a partner, takes its own row. */
function rows(doc: Doc, fields: readonly Field[]): Cell[][] {
  const x = left(doc);
  const full = width(doc);
  const half = full / 2;
  const out: Cell[][] = [];
  let pending: Field | null = null;
  const flush = () => {
    if (pending) out.push([{ field: pending, x, w: full }]);
    pending = null;
  };
  for (const field of fields) {
    if (field.wide) {
      flush();
      out.push([{ field, x, w: full }]);
    } else if (pending) {
      out.push([{ field: pending, x, w: half }, { field, x: x + half, w: half }]);
      pending = null;
    } else {
      pending = field;
    }
  }
  flush();
  return out;
}

function cellHeight(doc: Doc, cell: Cell): number {
  doc.fontSize(SIZE.body);
  const value = doc.heightOfString(cell.field.value || ' ', { width: cell.w - LABEL_W - 2 * PAD });
  const label = doc.heightOfString(cell.field.label || ' ', { width: LABEL_W - 2 * PAD });
  return Math.max(value, label, 12) + 2 * PAD + 1;
}

/** A bordered table of label | value cells. */
export function grid(doc: Doc, fields: readonly Field[]): void {
  for (const row of rows(doc, fields)) {
    const h = Math.max(...row.map((c) => cellHeight(doc, c)));
    ensureRoom(doc, h);
    const y = doc.y;
    for (const { field, x, w } of row) {
      doc.save().rect(x, y, LABEL_W, h).fill(SHADE).restore();
      doc.save().lineWidth(0.6).strokeColor(LINE).rect(x, y, LABEL_W, h).rect(x + LABEL_W, y, w - LABEL_W, h).stroke().restore();
      doc.fillColor(INK).fontSize(SIZE.body);
      doc.text(field.label, x + PAD, y + PAD + 0.5, { width: LABEL_W - 2 * PAD });
      doc.text(field.value, x + LABEL_W + PAD, y + PAD + 0.5, { width: w - LABEL_W - 2 * PAD });
    }
    doc.y = y + h;
  }
  doc.y += 8;
}

const boxInner = (doc: Doc) => ({ width: width(doc) - 4 * PAD, lineGap: 2.5 });

export function textBoxHeight(doc: Doc, text: string, minHeight = 36): number {
  doc.fontSize(SIZE.body);
  return Math.max(minHeight, doc.heightOfString(text, boxInner(doc)) + 4 * PAD);
}

/** Free text in a bordered box, e.g. 备注 / 补充条款 (at most 1000 characters: always fits on one page). */
export function textBox(doc: Doc, text: string, minHeight = 36): void {
  const w = width(doc);
  const inner = boxInner(doc);
  const h = textBoxHeight(doc, text, minHeight);
  ensureRoom(doc, h);
  const x = left(doc);
  const y = doc.y;
  doc.save().lineWidth(0.6).strokeColor(LINE).rect(x, y, w, h).stroke().restore();
  doc.fillColor(INK).text(text, x + 2 * PAD, y + 2 * PAD, inner);
  doc.y = y + h + 10;
}

export interface Paragraph {
  text: string;
  size?: number;
  color?: string;
  indent?: number;
  gap?: number;
}

const paragraphOptions = (doc: Doc, p: Paragraph) => ({ width: width(doc) - (p.indent ?? 0), lineGap: 2.5 });

/** The height `paragraph` will take, its gap included. */
export function paragraphHeight(doc: Doc, p: Paragraph): number {
  doc.fontSize(p.size ?? SIZE.body);
  return doc.heightOfString(p.text, paragraphOptions(doc, p)) + (p.gap ?? 2);
}

/**
 * A paragraph kept whole on one page, with at least `keep` points of what follows it: a clause never breaks across
 * a page (they are short), so neither its first line nor its last is left alone at a page's foot or head; a heading
 * passes the height of its first clause as `keep`, so that it is never the last line of a page.
 */
export function paragraph(doc: Doc, p: Paragraph, keep = 0): void {
  const options = paragraphOptions(doc, p);
  doc.fillColor(p.color ?? INK).fontSize(p.size ?? SIZE.body);
  ensureRoom(doc, doc.heightOfString(p.text, options) + keep);
  doc.text(p.text, left(doc) + (p.indent ?? 0), doc.y, options);
  doc.y += p.gap ?? 2;
}

/**
 * The clauses under their bar: numbered items under each heading. A heading and the first line of a clause are
 * never a page's last line: each heading keeps its first clause with it (and the bar its note and first heading),
 * and a clause is kept whole.
 */
export function clauseSections(doc: Doc, title: string, note: string, sections: readonly { heading: string; items: readonly string[] }[]): void {
  const clauses = sections.map((section) => ({
    heading: { text: section.heading, size: SIZE.section, gap: 2 },
    items: section.items.map((item, i) => ({ text: `${i + 1}. ${item}`, indent: 12 })),
  }));
  const notePara = { text: note, size: SIZE.small, color: GREY, gap: 4 };
  const firstOf = (c: (typeof clauses)[number]): number => (c.items[0] ? paragraphHeight(doc, c.items[0]) : 0);
  const first = clauses[0];
  sectionBar(doc, title, 4 + paragraphHeight(doc, notePara) + (first ? paragraphHeight(doc, first.heading) + firstOf(first) : 0));
  doc.y += 4;
  paragraph(doc, notePara);
  for (const section of clauses) {
    paragraph(doc, section.heading, firstOf(section));
    for (const item of section.items) paragraph(doc, item);
    doc.y += 4;
  }
}

const SEAL_H = 124;

/** Side by side boxes for seals and signatures, each closing with its date line (a party's act, or blank). */
export function signatureBlocks(doc: Doc, blocks: readonly SealBlock[], h = SEAL_H): void {
  const gap = 10;
  ensureRoom(doc, h + 4);
  const y = doc.y;
  const w = (width(doc) - gap * (blocks.length - 1)) / blocks.length;
  const inner = w - 4 * PAD;
  blocks.forEach((block, i) => {
    const x = left(doc) + i * (w + gap);
    doc.save().lineWidth(0.8).strokeColor(LINE).rect(x, y, w, h).stroke().restore();
    doc.fillColor(INK).fontSize(SIZE.section).text(block.party, x + 2 * PAD, y + 2 * PAD, { width: inner });
    doc.fontSize(SIZE.body);
    let ly = y + 32;
    for (const line of block.lines) {
      doc.text(line, x + 2 * PAD, ly, { width: inner });
      ly += doc.heightOfString(line, { width: inner }) + 18;
    }
    if (block.signature) {
      // under the signature line, fitted into the space above the date line, never wider than the box
      const top = ly - 14;
      doc.image(block.signature, x + 2 * PAD, top, { fit: [inner, y + h - 28 - top], valign: 'center' });
    }
    if (block.note) {
      doc.fillColor(GREY).fontSize(SIZE.small).text(block.note, x + 2 * PAD, ly - 8, { width: inner });
      doc.fillColor(INK).fontSize(SIZE.body);
    }
    doc.text(block.date, x + 2 * PAD, y + h - 22, { width: inner, lineBreak: false });
  });
  doc.y = y + h + 10;
}
