/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { ROLES } from '../../typings/states';
import { homeOf, openTab, selectTab, TAB_BAR_PAGES, TABS, tabsOf } from '../../miniprogram/utils/tabs';
import { makeSystem, type TestSystem } from '../support/harness';
import { installWx, MP_ROOT, settle, textOf, type MiniEnv, type Page } from './support';

interface AppJson {
  pages: string[];
  subpackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string; text: string }[] };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const app = require(path.join(MP_ROOT, 'app.json')) as AppJson;

function loadBar(): Page {
  jest.resetModules();
  const g = globalThis as unknown as { getApp?: () => unknown };
  g.getApp ??= () => ({ globalData: {} });
  const bar = simulate.render(simulate.load(path.join(MP_ROOT, 'custom-tab-bar/index'), { rootPath: MP_ROOT }));
  bar.attach(document.createElement('parent-wrapper'));
  return bar;
}

describe('role-aware tabs', () => {
  it("the student's tabs are the tabBar pages of app.json (main package); every other role's tabs are subpackage pages carrying the bar", () => {
    const listed = app.tabBar.list.map((t) => t.pagePath);
    expect([...TAB_BAR_PAGES].sort()).toEqual([...listed].sort());
    expect(tabsOf('student').map((t) => t.path).sort()).toEqual([...listed].sort());
    for (const p of listed) expect(app.pages).toContain(p);
    const others = [...new Set(ROLES.filter((r) => r !== 'student').flatMap((r) => tabsOf(r).map((t) => t.path)))];
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) {
      const [root, ...rest] = p.split('/');
      expect(app.subpackages.find((sub) => sub.root === root)?.pages).toContain(rest.join('/'));
      const json = JSON.parse(readFileSync(path.join(MP_ROOT, `${p}.json`), 'utf8')) as { usingComponents: Record<string, string> };
      expect(json.usingComponents['tab-bar']).toBe('/custom-tab-bar/index');
      expect(readFileSync(path.join(MP_ROOT, `${p}.wxml`), 'utf8')).toContain('<tab-bar id="tab-bar"');
    }
  });

  it('a tab opens with switchTab when it is a tabBar page and with reLaunch when it is in the subpackage', async () => {
    const sys = await makeSystem();
    try {
      const env = installWx(sys, DEMO_OPENIDS.student);
      openTab('/pages/offers/index');
      openTab('/pkg/review/stats/index');
      expect(env.wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/offers/index' }));
      expect(env.wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pkg/review/stats/index' }));
      expect(env.visited).toEqual(['/pages/offers/index', '/pkg/review/stats/index']);
    } finally {
      sys.close();
    }
  });

  it('no tab is shared between the student and any other role: a reviewer never sees student tabs, nor the reverse', () => {
    const student = new Set(tabsOf('student').map((t) => t.path));
    for (const role of ROLES.filter((r) => r !== 'student')) {
      for (const t of tabsOf(role)) expect(student.has(t.path)).toBe(false);
    }
  });

  it('an unbound caller, admin and system have no tabs and no home tab', () => {
    expect(tabsOf(null)).toEqual([]);
    expect(tabsOf(undefined)).toEqual([]);
    expect(tabsOf('admin')).toEqual([]);
    expect(homeOf(null)).toBeNull();
    expect(homeOf('student')).toBe('pages/index/index');
    expect(Object.keys(TABS)).not.toContain('system');
  });
});

describe('custom-tab-bar', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.student);
  });
  afterEach(() => sys.close());

  it("shows the student's tabs with the open one selected; tapping another switches tab", async () => {
    const bar = loadBar();
    const host = { getTabBar: () => bar.instance } as unknown as WechatMiniprogram.Component.TrivialInstance;
    selectTab(host, 'student', 'pages/index/index');
    await settle(bar, env);
    expect(bar.querySelectorAll('.tab-bar__item')).toHaveLength(2);
    expect(textOf(bar)).toBe(tabsOf('student').map((t) => t.text).join(''));
    expect(bar.data.value).toBe('pages/index/index');

    bar.querySelector('.tab-bar__item--1 >>> .t-tab-bar-item__content')?.dispatchEvent('tap');
    await settle(bar, env);
    expect(env.visited).toEqual(['/pages/offers/index']);

    // the open tab again: no navigation
    bar.setData({ value: 'pages/offers/index' });
    bar.querySelector('.tab-bar__item--1 >>> .t-tab-bar-item__content')?.dispatchEvent('tap');
    await settle(bar, env);
    expect(env.visited).toEqual(['/pages/offers/index']);
  });

  it('draws nothing for an unbound caller', async () => {
    const bar = loadBar();
    selectTab({ getTabBar: () => bar.instance } as unknown as WechatMiniprogram.Component.TrivialInstance, null, 'pages/index/index');
    await settle(bar, env);
    expect(bar.querySelectorAll('.tab-bar__item')).toHaveLength(0);
  });

  it('a subpackage tab page updates the bar it carries (#tab-bar), not getTabBar', async () => {
    const bar = loadBar();
    const host = { selectComponent: (selector: string) => (selector === '#tab-bar' ? bar.instance : null), getTabBar: () => null };
    selectTab(host as unknown as WechatMiniprogram.Component.TrivialInstance, 'employer', 'pkg/employer/home/index');
    await settle(bar, env);
    expect(textOf(bar)).toBe(tabsOf('employer').map((t) => t.text).join(''));
    bar.querySelector('.tab-bar__item--1 >>> .t-tab-bar-item__content')?.dispatchEvent('tap');
    await settle(bar, env);
    expect(env.wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: '/pkg/employer/offers/index' }));
  });

  it('a page without a tab bar (tests, old base libraries) is left alone', () => {
    expect(() => selectTab({} as WechatMiniprogram.Component.TrivialInstance, 'student', 'pages/index/index')).not.toThrow();
  });
});
