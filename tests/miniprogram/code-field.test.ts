/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import { codeLabel, codePath, isLeaf } from '../../miniprogram/pkg/utils/code-labels';
import { MP_ROOT, textAt, type Page } from './support';

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
    expect(textAt(field, '.code-field')).toContain('单位所在地');
    expect(textAt(field, '.code-field')).toContain('*');
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
    expect(field.querySelector('.code-field__value--empty')).toBeDefined();
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
  it('shows 门类 and 大类; choosing 门类 then 大类 emits the 大类 code', async () => {
    const { field, changes } = mount({ kind: 'industry', label: '单位行业', value: '65', required: true });
    await simulate.sleep(10);
    expect(textAt(field, '.code-field__value')).toBe('信息传输、软件和信息技术服务业 软件和信息技术服务业');
    await open(field);
    expect(offered(field, 0)).toHaveLength(20); // 门类 A–T
    await pick(field, 0, '信息传输、软件和信息技术服务业');
    expect(changes).toEqual([]);
    await pick(field, 1, '互联网和相关服务');
    expect(changes).toEqual([{ value: '64', label: '信息传输、软件和信息技术服务业 互联网和相关服务' }]);
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
    expect(codeLabel('industry', 'I')).toBe('信息传输、软件和信息技术服务业');
    expect(isLeaf('region', '440300')).toBe(false);
    expect(isLeaf('region', '440305')).toBe(true);
    expect(isLeaf('region', '441900')).toBe(true);
    expect(isLeaf('industry', 'I')).toBe(false);
    expect(isLeaf('industry', '65')).toBe(true);
    expect(isLeaf('nature', '99')).toBe(true);
    expect(isLeaf('nature', '98')).toBe(false);
  });
});
