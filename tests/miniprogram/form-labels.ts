/**
 * The one label rule of the forms (miniprogram/styles/form.wxss): every field's label sits left of its value in one
 * column, `--form-label-width` wide, on one line; the required * hangs in the padding before it. simulate lays no
 * text out, so a wrap is found from the label itself: its characters at the label font (a Chinese character or a
 * full-width mark 1 em, any other character at most 0.6 em) must fit the declared width. And every field must carry
 * the rule: each t-input and each code-field of the page has a `.form-label` label (none a free-text `label=`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MP_ROOT, type Page } from './support';

const FORM_WXSS = readFileSync(path.join(MP_ROOT, 'styles/form.wxss'), 'utf8');

function declared(pattern: RegExp, what: string): number {
  const m = pattern.exec(FORM_WXSS);
  if (!m?.[1]) throw new Error(`styles/form.wxss declares no ${what}`);
  return Number(m[1]);
}

/** the label column's width and the labels' font size, as form.wxss declares them */
export const LABEL_WIDTH_RPX = declared(/--form-label-width:\s*(\d+)rpx/, '--form-label-width in rpx');
export const LABEL_FONT_RPX = declared(/\.form-label \{[^}]*font-size:\s*(\d+)rpx/, '.form-label font-size in rpx');

const FULL_WIDTH = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** The width a label's text takes on one line, in rpx (an upper bound for the narrow characters). */
export function labelWidthRpx(text: string): number {
  return [...text].reduce((sum, ch) => sum + (FULL_WIDTH.test(ch) ? 1 : 0.6) * LABEL_FONT_RPX, 0);
}

/**
 * simulate draws a page with its components flattened into one DOM, each class prefixed by the component that
 * styles it (`main--form-label` on the page, `code-field--form-label` in a code-field, `t-input--t-input` for
 * TDesign's input): so the DOM shows every label, wherever it is, and every field's frame.
 */
const hasClass = (el: Element, name: string): boolean => [...el.classList].some((c) => c === name || c.endsWith(`--${name}`));
const within = (root: Element, name: string): Element[] => [...root.querySelectorAll('*')].filter((el) => hasClass(el, name));
const textIn = (el: Element): string => (el.textContent ?? '').replace(/\s+/g, '');
/** the * is drawn outside the column (it hangs in the padding), so it takes none of the label's width */
const withoutStar = (text: string): string => text.replace(/^\*/, '');

/** Every label of the form as the user reads it, in page order: the page's own and those inside its code-fields. */
export function formLabels(page: Page): string[] {
  return within(page.dom as Element, 'form-label').map((el) => withoutStar(textIn(el)));
}

/**
 * Asserts the label rule on the page as it is drawn now and returns its labels (so a test can also say which it
 * expects): each label fits the column on one line; every input is laid out label-beside-value with a `.form-label`
 * label, and every cell (code-field, date, switch, locked value) has one as its title.
 */
export function expectFormLabels(page: Page): string[] {
  const root = page.dom as Element;
  const labels = formLabels(page);
  expect(labels.length).toBeGreaterThan(0);
  expect(labels.filter((l) => labelWidthRpx(l) > LABEL_WIDTH_RPX)).toEqual([]);
  const inputs = within(root, 't-input').filter((el) => el.classList.contains('t-input--t-input'));
  for (const input of inputs) {
    expect([...input.classList]).toContain('t-input--t-input--layout-horizontal');
    const label = within(input, 't-input__label')[0];
    expect(label && within(label, 'form-label').length).toBe(1);
  }
  const cells = within(root, 't-cell').filter((el) => el.classList.contains('t-cell--t-cell'));
  for (const cell of cells) {
    const title = within(cell, 't-cell__title')[0];
    expect(title && within(title, 'form-label').length).toBe(1);
  }
  return labels;
}
