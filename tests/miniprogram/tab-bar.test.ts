/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { ROLES } from '../../typings/states';
import { homeOf, selectTab, TABS, tabsOf } from '../../miniprogram/utils/tabs';
import { makeSystem, type TestSystem } from '../support/harness';
import { installWx, MP_ROOT, settle, textOf, type MiniEnv, type Page } from './support';

interface AppJson {
  pages: string[];
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
  it("every role's tabs are tab pages of app.json, and every tab page belongs to some role", () => {
    const listed = app.tabBar.list.map((t) => t.pagePath);
    const owned = ROLES.flatMap((r) => tabsOf(r).map((t) => t.path));
    for (const p of owned) expect(listed).toContain(p);
    expect([...new Set(owned)].sort()).toEqual([...listed].sort());
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

  it('a page without a tab bar (tests, old base libraries) is left alone', () => {
    expect(() => selectTab({} as WechatMiniprogram.Component.TrivialInstance, 'student', 'pages/index/index')).not.toThrow();
  });
});
