/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import type { CodeNode } from '../../miniprogram/pkg/codes';
import { codeLabel, codePath, codeTrail, heldTrail, isLeaf, levelOptions } from '../../miniprogram/pkg/utils/code-labels';
import { largestSetDataDuring, MP_ROOT, SETDATA_LIMIT_BYTES, textAt, type Page } from './support';

/** The field alone, as a page would place it: the official compiler, the real TDesign cell and cascader. */
function mount(props: Record<string, unknown>): { field: Page; changes: unknown[] } {
  jest.resetModules();
  const g = globalThis as unknown as { getApp?: () => unknown; __app?: { globalData: Record<string, unknown> } };
  g.__app ??= { globalData: {} };
  g.getApp ??= () => g.__app;
  // a WeChat global the simulator leaves out; TDesign's tabs (the cascader's level tabs) read it
  (globalThis as unknown as { getCurrentPages: () => unknown[] }).getCurrentPages = () => [];
  const id = simulate.load(path.join(MP_ROOT, 'pkg', 'components', 'code-field', 'index'), { rootPath: MP_ROOT });
  const field = simulate.render(id, props);
  field.attach(document.createElement('parent-wrapper'));
  const changes: unknown[] = [];
  (field as unknown as { addEventListener(name: string, handler: (e: { detail: unknown }) => void): void }).addEventListener('change', (e) => changes.push(e.detail));
  return { field, changes };
}

/** The cell's chevron, as rendered. */
const arrowShown = (field: Page): boolean => Boolean(field.dom?.querySelector('[class*="t-cell__right-icon"]'));

const open = async (field: Page): Promise<void> => {
  field.querySelector('.code-field__cell')!.dispatchEvent('tap');
  await simulate.sleep(10);
};

/** The names a level of the open cascader offers. */
const offered = (field: Page, level: number): string[] =>
  field.querySelectorAll(`.code-field__picker >>> .cascader-radio-group-${level} >>> .t-radio-option`).map((o) => String(o.data?.label));

/** Taps the option named `name` on a level of the open cascader, as a finger would (the radio's text). */
async function pick(field: Page, level: number, name: string): Promise<void> {
  const options = field.querySelectorAll(`.code-field__picker >>> .cascader-radio-group-${level} >>> .t-radio-option`);
  const option = options.find((o) => o.data?.label === name);
  if (!option) throw new Error(`${name} is not offered on level ${level}`);
  option.querySelector('.t-radio__content')!.dispatchEvent('tap');
  await simulate.sleep(10);
}

/** The codes whose level below is laid out in what the field gave its cascader. */
function laidOut(field: Page): string[] {
  const codes: string[] = [];
  const walk = (nodes: readonly CodeNode[]): void => {
    for (const node of nodes) {
      if (node.s?.length) {
        codes.push(node.c);
        walk(node.s);
      }
    }
  };
  walk(field.instance.data.options as CodeNode[]);
  return codes;
}

const closePicker = async (field: Page): Promise<void> => {
  field.querySelector('.code-field__picker >>> .t-cascader__close-btn')!.dispatchEvent('tap');
  await simulate.sleep(10);
};

/**
 * The cascader also sends its own `change` from a setData callback, which the simulator calls without `this` (a phone
 * binds it): that one TypeError is expected and the field does not depend on it (see onPick). Any other error fails.
 */
let errors: unknown[][];
beforeEach(() => {
  errors = [];
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
});
afterEach(() => {
  const unexpected = errors.filter((args) => !String(args[0]).includes("Cannot read properties of undefined (reading 'data')"));
  expect(unexpected).toEqual([]);
  jest.restoreAllMocks();
});

describe('code-field: region (单位所在地)', () => {
  it('shows the full path of its value, marked required, and offers the provinces when tapped', async () => {
    const { field } = mount({ kind: 'region', label: '单位所在地', value: '440305', required: true });
    await simulate.sleep(10);
    expect(textAt(field, '.code-field__value')).toBe('广东省 深圳市 南山区');
    // a chosen value is drawn in the value colour, not the prompt's grey
    expect(field.querySelector('.form-value')).toBeDefined();
    expect(field.querySelector('.form-value--empty')).toBeUndefined();
    // the label in the forms' one label column, the * hanging before it
    expect(textAt(field, '.form-label')).toBe('*单位所在地');
    expect(textAt(field, '.form-label .form-required')).toBe('*');
    expect(arrowShown(field)).toBe(true);
    expect(field.querySelector('.code-field__picker')).toBeUndefined(); // the table reaches the picker only once opened
    await open(field);
    expect(field.instance.data.visible).toBe(true);
    const provinces = offered(field, 0);
    expect(provinces).toHaveLength(31);
    expect(provinces).toEqual(expect.arrayContaining(['北京市', '广东省', '新疆维吾尔自治区']));
    // it opens on the current value: the cities of 广东省 and the districts of 深圳市 are already laid out
    expect(offered(field, 1)).toContain('深圳市');
    expect(offered(field, 2)).toContain('南山区');
  });

  it('province → city → county: emits the county code with its full label, and closes', async () => {
    const { field, changes } = mount({ kind: 'region', label: '单位所在地', value: '' });
    await simulate.sleep(10);
    expect(textAt(field, '.code-field__value')).toBe('请选择');
    expect(field.querySelector('.form-value--empty')).toBeDefined(); // the prompt alone in the placeholder grey
    await open(field);
    await pick(field, 0, '广东省');
    expect(changes).toEqual([]); // a province is not a place of work
    await pick(field, 1, '深圳市');
    expect(changes).toEqual([]);
    await pick(field, 2, '南山区');
    expect(changes).toEqual([{ value: '440305', label: '广东省 深圳市 南山区' }]);
    expect(field.instance.data.visible).toBe(false);
    // the page owns the value: once it passes the new code back, the field shows it
    field.setData({ value: '440305' });
    expect(textAt(field, '.code-field__value')).toBe('广东省 深圳市 南山区');
  });

  it('lays the table out a level at a time: no setData of the field or of its cascader reaches 64 KB', async () => {
    const { field, changes } = mount({ kind: 'region', label: '单位所在地', value: '' });
    const largest = await largestSetDataDuring(async () => {
      await open(field);
      // the provinces only, each with its level still to come
      expect(offered(field, 0)).toHaveLength(31);
      expect(laidOut(field)).toEqual([]);
      await pick(field, 0, '广东省');
      expect(laidOut(field)).toEqual(['440000']);
      expect(offered(field, 1)).toContain('深圳市');
      await pick(field, 1, '深圳市');
      expect(laidOut(field)).toEqual(['440000', '440300']);
      expect(offered(field, 2)).toContain('南山区');
      await pick(field, 2, '南山区');
    });
    expect(changes).toEqual([{ value: '440305', label: '广东省 深圳市 南山区' }]);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(SETDATA_LIMIT_BYTES);
  });

  it('changing one’s mind: another province after a city, or closing midway and opening again, ends on the right code', async () => {
    const { field, changes } = mount({ kind: 'region', label: '单位所在地', value: '440305' });
    await open(field);
    await pick(field, 1, '广州市');
    await pick(field, 0, '北京市'); // the cascader still holds 广东省 → 广州市 while it takes the new province
    expect(offered(field, 1)).toEqual(['市辖区']);
    await pick(field, 0, '浙江省');
    await pick(field, 1, '杭州市');
    await closePicker(field);
    expect(field.instance.data.visible).toBe(false);
    expect(changes).toEqual([]);
    // opened again, it shows the page's value, not the abandoned path
    await open(field);
    expect(offered(field, 1)).toContain('深圳市');
    expect(offered(field, 2)).toContain('南山区');
    await pick(field, 0, '北京市');
    await pick(field, 1, '市辖区');
    await pick(field, 2, '东城区');
    expect(changes).toEqual([{ value: '110101', label: '北京市 东城区' }]);
  });

  it('a city without counties (东莞市) is itself the choice', async () => {
    const { field, changes } = mount({ kind: 'region', label: '单位所在地', value: '' });
    await open(field);
    await pick(field, 0, '广东省');
    await pick(field, 1, '东莞市');
    expect(changes).toEqual([{ value: '441900', label: '广东省 东莞市' }]);
  });

  it('disabled: grey, no arrow, a tap opens nothing and emits nothing', async () => {
    const { field, changes } = mount({ kind: 'region', label: '生源地', value: '110101', disabled: true });
    await simulate.sleep(10);
    expect(field.querySelector('.code-field--disabled')).toBeDefined();
    expect(textAt(field, '.code-field__value')).toBe('北京市 东城区');
    expect(arrowShown(field)).toBe(false);
    await open(field);
    expect(field.instance.data.visible).toBe(false);
    expect(field.querySelector('.code-field__picker')).toBeUndefined();
    expect(changes).toEqual([]);
  });
});

describe('code-field: industry (单位行业)', () => {
  it('shows the 大类 alone (not its 门类 again); choosing 门类 then 大类 emits the 大类 code', async () => {
    const { field, changes } = mount({ kind: 'industry', label: '单位行业', value: '65', required: true });
    await simulate.sleep(10);
    expect(textAt(field, '.code-field__value')).toBe('软件和信息技术服务业');
    await open(field);
    expect(offered(field, 0)).toHaveLength(20); // 门类 A–T
    await pick(field, 0, '信息传输、软件和信息技术服务业');
    expect(changes).toEqual([]);
    await pick(field, 1, '互联网和相关服务');
    expect(changes).toEqual([{ value: '64', label: '互联网和相关服务' }]);
  });
});

describe('code-field: nature (单位性质)', () => {
  it('shows the name of its code; one tap on a name emits its code', async () => {
    const { field, changes } = mount({ kind: 'nature', label: '单位性质', value: '31' });
    await simulate.sleep(10);
    expect(textAt(field, '.code-field__value')).toBe('国有企业');
    await open(field);
    expect(offered(field, 0)).toEqual([
      '机关', '科研设计单位', '高等教育单位', '中初教育单位', '医疗卫生单位', '其他事业单位', '国有企业',
      '三资企业', '其他企业', '部队', '农村建制村', '城镇社区', '其他',
    ]);
    await pick(field, 0, '高等教育单位');
    expect(changes).toEqual([{ value: '21', label: '高等教育单位' }]);
    expect(field.instance.data.visible).toBe(false);
  });
});

describe('code-field labels', () => {
  it('drops the table’s placeholder names, keeps unknown codes visible, and knows where a choice ends', () => {
    expect(codeLabel('region', '110101')).toBe('北京市 东城区');
    expect(codePath('region', '429004')).toEqual(['湖北省', '仙桃市']);
    expect(codeLabel('region', '999999')).toBe('999999');
    expect(codeLabel('nature', '')).toBe('');
    expect(codeLabel('industry', 'I')).toBe('信息传输、软件和信息技术服务业'); // a 门类 alone shows the 门类
    expect(codeLabel('industry', '65')).toBe('软件和信息技术服务业'); // a 大类 shows itself, not 门类 + 大类
    expect(codeLabel('industry', '83')).toBe('教育'); // even where the 大类 repeats its 门类's name
    expect(codeLabel('industry', 'ZZ')).toBe('ZZ');
    expect(isLeaf('region', '440300')).toBe(false);
    expect(isLeaf('region', '440305')).toBe(true);
    expect(isLeaf('region', '441900')).toBe(true);
    expect(isLeaf('industry', 'I')).toBe(false);
    expect(isLeaf('industry', '65')).toBe(true);
    expect(isLeaf('nature', '99')).toBe(true);
    expect(isLeaf('nature', '98')).toBe(false);
  });

  it('lays out the levels along the open codes only, and reads back the codes a cascader holds', () => {
    expect(codeTrail('region', '440305')).toEqual(['440000', '440300', '440305']);
    expect(codeTrail('region', '999999')).toEqual([]);
    const options = levelOptions('region', new Set(codeTrail('region', '440305')));
    const guangdong = options.find((p) => p.c === '440000')!;
    expect(options.filter((p) => p.s?.length).map((p) => p.c)).toEqual(['440000']);
    expect(options.find((p) => p.c === '110000')!.s).toEqual([]); // a level follows, not yet laid out
    expect(guangdong.s!.find((c) => c.c === '441900')!.s).toBeUndefined(); // 东莞市: a choice itself
    expect(guangdong.s!.find((c) => c.c === '440100')!.s).toEqual([]);
    const shenzhen = guangdong.s!.findIndex((c) => c.c === '440300');
    const nanshan = guangdong.s![shenzhen]!.s!.findIndex((c) => c.c === '440305');
    expect(heldTrail(options, [options.indexOf(guangdong), shenzhen, nanshan])).toEqual(['440000', '440300', '440305']);
    expect(heldTrail(options, [options.indexOf(guangdong), 0, 0])).toEqual(['440000', '440100']); // stops where the levels end
    expect(levelOptions('nature', new Set())).toHaveLength(13);
  });
});
