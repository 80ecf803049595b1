/**
 * Pages under miniprogram-simulate, talking to the real cloud functions over a fresh SQLite store.
 *
 * How the TypeScript pages are loaded: simulate runs a component's code with a plain
 * `require('<rootPath>/pages/x/index')` (no extension). Inside jest that `require` is jest's own module loader: it
 * resolves the extensionless path through moduleFileExtensions (which include `ts`), finds `index.ts` and runs it
 * through the same ts-jest transform as the tests, following the page's relative imports (`../../api/client`) the
 * same way. So the code under test is the source file itself: no build step and no temporary folder. Templates are
 * compiled by the official compiler (wcc from miniprogram-compiler), simulate's default.
 * One consequence: simulate then deletes the `require.cache` entry to allow a reload, which jest ignores; without
 * `jest.resetModules()` a second load of the same page would not run its code again (Component() is never called and
 * nothing is registered). `loadPage` therefore resets modules before every load, which also gives each load fresh
 * module state (e.g. the page's RequestIds).
 *
 * The test files need `@jest-environment jsdom` (simulate renders into a DOM); jest.config.js stays as it is.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import type { Component } from 'j-component';
import { invoke } from '../../server/runtime/handler';
import { lookup } from '../../server/runtime/registry';
import type { TestSystem } from '../support/harness';

export const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Page = Component<any, any, any>;

/** Loads, renders and attaches a page (e.g. 'verify'); lifecycles like onLoad are the test's to call. */
export function loadPage(name: string): Page {
  jest.resetModules();
  // TDesign's components read getApp() when created; the pages share one app object per test file
  const g = globalThis as unknown as { getApp?: () => unknown; __app?: { globalData: Record<string, unknown> } };
  g.__app ??= { globalData: {} };
  g.getApp ??= () => g.__app;
  // TDesign's tabs (inside code-field's cascader) read the page stack, which simulate does not keep
  (globalThis as unknown as { getCurrentPages?: () => unknown[] }).getCurrentPages ??= () => [];
  const file = PAGE_FILES.get(name);
  if (!file) throw new Error(`${name} is no page of app.json`);
  const id = simulate.load(path.join(MP_ROOT, file), { rootPath: MP_ROOT });
  const page = simulate.render(id);
  recordSetData(name, page);
  currentPage = name;
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
}

/**
 * Every page of app.json, main package and subpackages, by the name the tests use: `pages/verify/index` → `verify`,
 * `pkg/review/queues/index` (subpackage root `pkg`) → `review/queues`. So a page's tests and gallery files keep their
 * names whichever package the page is in.
 */
export const PAGE_FILES: ReadonlyMap<string, string> = (() => {
  const app = JSON.parse(readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8')) as AppJson;
  const files = [...app.pages, ...(app.subpackages ?? []).flatMap((sub) => sub.pages.map((p) => path.posix.join(sub.root, p)))];
  return new Map(files.map((f) => [f.replace(/^(?:pages|pkg)\//, '').replace(/\/index$/, ''), f]));
})();

/**
 * setData is the page's cost on a phone: each call's data is serialised and sent from the logic thread to the view.
 * WeChat advises keeping one call under 256 KB; the project sets 64 KB. Every setData a page makes in its tests is
 * measured (JSON bytes, as sent) and the largest per page is written under reports/setdata/ when the test file ends;
 * the jest reporter (setdata-reporter.js) prints the table after the run and `npm run size` prints it again.
 * Two figures per page, both asserted ≤ 64 KB when the test file ends: its own setData and the largest setData of any
 * component on it (code-field, TDesign's), which crosses to the view the same way.
 */
export const SETDATA_LIMIT_BYTES = 64 * 1024;
export const SETDATA_DIR = path.resolve(__dirname, '../../reports/setdata');
const largestSetData = new Map<string, number>();
const largestComponentSetData = new Map<string, number>();
/** the page the components being created and updated belong to: the one loaded last (when a journey keeps several
 * pages open, an earlier page's late setData counts toward the later one: an upper bound, never an undercount) */
let currentPage: string | null = null;
const sizeOfData = (data: unknown): number => Buffer.byteLength(JSON.stringify(data) ?? '', 'utf8');

// every component's setData (simulate's j-component runs them all through exparser's) is measured for the open page
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped; the very copy simulate's j-component uses
const exparser = require('miniprogram-exparser') as { Component: { prototype: { setData: (data: unknown) => void } } };
const componentProto = exparser.Component.prototype;
const exparserSetData = componentProto.setData;
const watchers = new Set<{ largest: number }>();
componentProto.setData = function (this: unknown, data: unknown) {
  if (currentPage || watchers.size) {
    const bytes = sizeOfData(data);
    if (currentPage && bytes > (largestComponentSetData.get(currentPage) ?? -1)) largestComponentSetData.set(currentPage, bytes);
    for (const watcher of watchers) watcher.largest = Math.max(watcher.largest, bytes);
  }
  return exparserSetData.call(this, data);
};

/**
 * The largest setData (JSON bytes) any component made while `work` ran: for a component tested on its own, outside
 * a page (code-field and the TDesign components inside it).
 */
export async function largestSetDataDuring(work: () => Promise<void>): Promise<number> {
  const watcher = { largest: 0 };
  watchers.add(watcher);
  try {
    await work();
  } finally {
    watchers.delete(watcher);
  }
  return watcher.largest;
}

function recordSetData(name: string, page: Page): void {
  const instance = page.instance as { setData: (data: Record<string, unknown>, callback?: () => void) => void };
  const setData = instance.setData.bind(instance);
  instance.setData = (data, callback) => {
    const bytes = sizeOfData(data);
    if (bytes > (largestSetData.get(name) ?? -1)) largestSetData.set(name, bytes);
    setData(data, callback);
  };
}

afterAll(() => {
  if (largestSetData.size === 0) return;
  mkdirSync(SETDATA_DIR, { recursive: true });
  const testFile = path.basename(expect.getState().testPath ?? 'unknown', '.test.ts');
  const record = { own: Object.fromEntries(largestSetData), components: Object.fromEntries(largestComponentSetData) };
  writeFileSync(path.join(SETDATA_DIR, `${testFile}.json`), `${JSON.stringify(record, null, 2)}\n`);
  const over = (figures: Map<string, number>, what: string): string[] =>
    [...figures].filter(([, bytes]) => bytes > SETDATA_LIMIT_BYTES).map(([page, bytes]) => `${page}${what}: ${(bytes / 1024).toFixed(1)} KB`);
  expect([...over(largestSetData, ''), ...over(largestComponentSetData, ' (a component on it)')]).toEqual([]);
});

export const textOf = (page: Page): string => (page.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The text of the first element matching `selector`, or '' when there is none. */
export const textAt = (page: Page, selector: string): string =>
  (page.querySelector(selector)?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

interface CallbackOptions<T> {
  success?: (res: T) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: () => void;
}

export interface MiniEnv {
  /** who the cloud thinks is calling; a test may change it between taps */
  openid: string;
  /** every callFunction that reached a function: the event as sent (after JSON) and the answer */
  calls: { name: string; data: unknown; result: { ok: boolean; data?: unknown; code?: string; message?: string } }[];
  /** what downloadFile served, by URL */
  downloads: { url: string; bytes: Buffer }[];
  /** async stubs still running */
  inflight: number;
  /** what the next wx.chooseMedia (or wx.chooseMessageFile) picks: temp paths with their bytes (set by the test; [] = the user cancels) */
  picks: { path: string; bytes: Buffer }[];
  /** the answer wx.showModal gives: confirm (default), cancel, or the text typed into an editable modal */
  modal: { confirm: boolean; content?: string };
  /** what wx.requestSubscribeMessage answers for every template asked */
  subscribe: 'accept' | 'reject';
  /** every page the app was sent to (navigateTo, redirectTo, switchTab, reLaunch), as the url given */
  visited: string[];
  /** every toast shown, by title */
  toasts: string[];
  /** what wx.getPrivacySetting answers: whether the user has yet to agree to the privacy guide (default: agreed) */
  privacyNeeded: boolean;
  wx: {
    callFunction: jest.Mock;
    request: jest.Mock;
    downloadFile: jest.Mock;
    openDocument: jest.Mock;
    showLoading: jest.Mock;
    hideLoading: jest.Mock;
    navigateTo: jest.Mock;
    scanCode: jest.Mock;
    getAccountInfoSync: jest.Mock;
    showToast: jest.Mock;
    showModal: jest.Mock;
    requestSubscribeMessage: jest.Mock;
    chooseMedia: jest.Mock;
    chooseMessageFile: jest.Mock;
    /** hands back the photo as picked (the bytes the test chose are what is uploaded) */
    compressImage: jest.Mock;
    uploadFile: jest.Mock;
    previewImage: jest.Mock;
    stopPullDownRefresh: jest.Mock;
    redirectTo: jest.Mock;
    switchTab: jest.Mock;
    reLaunch: jest.Mock;
    navigateBack: jest.Mock;
    setNavigationBarTitle: jest.Mock;
    getPrivacySetting: jest.Mock;
    makePhoneCall: jest.Mock;
  };
}

/**
 * Extends simulate's `global.wx` with what the pages call. `wx.cloud.callFunction` runs the named function
 * in-process, exactly as the cloud entry does (event through JSON, `invoke` with the caller's openid);
 * `wx.downloadFile` serves `<base>/files/<path>?expires=…&sign=…` from the system's file storage, as the local runtime
 * does: only by a signed link that has not expired.
 */
export function installWx(sys: TestSystem, openid: string): MiniEnv {
  const env = {
    openid,
    calls: [],
    downloads: [],
    inflight: 0,
    picks: [],
    modal: { confirm: true },
    subscribe: 'accept',
    visited: [],
    toasts: [],
    privacyNeeded: false,
  } as unknown as MiniEnv;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    env.inflight++;
    try {
      // answers arrive on a later turn, never synchronously, as on a phone
      await new Promise((resolve) => setTimeout(resolve, 0));
      return await work();
    } finally {
      env.inflight--;
    }
  };
  const callback = <T>(options: CallbackOptions<T>, work: () => Promise<T>): void => {
    void track(work).then(
      (res) => {
        options.success?.(res);
        options.complete?.();
      },
      (err: { errMsg?: string }) => {
        options.fail?.({ errMsg: err.errMsg ?? String(err) });
        options.complete?.();
      },
    );
  };

  const callFunction = jest.fn(({ name, data }: { name: string; data?: unknown }) =>
    track(async () => {
      const def = lookup(name);
      if (!def) throw { errCode: -501000, errMsg: `cloud.callFunction:fail FUNCTION_NOT_FOUND ${name}` };
      const event: unknown = JSON.parse(JSON.stringify(data ?? {}));
      const result = JSON.parse(JSON.stringify(await invoke(def, sys.deps, { openid: env.openid }, event))) as MiniEnv['calls'][number]['result'];
      env.calls.push({ name, data: event, result });
      return { errMsg: 'cloud.callFunction:ok', result, requestID: `local-${env.calls.length}` };
    }),
  );

  const downloadFile = jest.fn((options: { url: string } & CallbackOptions<{ tempFilePath: string; statusCode: number }>) =>
    callback(options, async () => {
      // as the local runtime serves it: only by a signed link that has not expired
      const url = new URL(options.url, 'http://127.0.0.1');
      if (!url.pathname.startsWith('/files/')) return { tempFilePath: '', statusCode: 404 };
      const filePath = decodeURIComponent(url.pathname.slice('/files/'.length));
      if (sys.files.checkLink(filePath, url.searchParams.get('expires'), url.searchParams.get('sign')) !== 'ok') return { tempFilePath: '', statusCode: 403 };
      const bytes = await sys.files.read(`local://${filePath}`);
      if (!bytes) return { tempFilePath: '', statusCode: 404 };
      env.downloads.push({ url: options.url, bytes });
      return { tempFilePath: `wxfile://tmp/download-${env.downloads.length}.pdf`, statusCode: 200 };
    }),
  );

  const done = <T>(res: T) => (options: CallbackOptions<T>) => callback(options, async () => res);
  const go = (kind: string) =>
    jest.fn((options: { url: string } & CallbackOptions<{ errMsg: string }>) => {
      env.visited.push(options.url);
      callback(options, async () => ({ errMsg: `${kind}:ok` }));
    });

  // wx.cloud.uploadFile: the bytes picked earlier go into the system's file storage at the given cloud path
  const uploadFile = jest.fn((options: { cloudPath: string; filePath: string } & CallbackOptions<{ fileID: string; statusCode: number }>) =>
    callback(options, async () => {
      const picked = env.picks.find((p) => p.path === options.filePath);
      if (!picked) throw { errMsg: `cloud.uploadFile:fail file not found ${options.filePath}` };
      return { fileID: await sys.files.write(options.cloudPath, picked.bytes), statusCode: 200 };
    }),
  );

  const stubs: MiniEnv['wx'] = {
    callFunction,
    request: jest.fn((options: CallbackOptions<unknown>) => callback(options, async () => Promise.reject({ errMsg: 'request:fail not routed in tests' }))),
    downloadFile,
    openDocument: jest.fn(done({ errMsg: 'openDocument:ok' })),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    navigateTo: go('navigateTo'),
    redirectTo: go('redirectTo'),
    switchTab: go('switchTab'),
    reLaunch: go('reLaunch'),
    navigateBack: jest.fn(done({ errMsg: 'navigateBack:ok' })),
    showToast: jest.fn((options: { title: string }) => {
      env.toasts.push(options.title);
    }),
    showModal: jest.fn((options: CallbackOptions<{ confirm: boolean; cancel: boolean; content?: string }>) =>
      callback(options, async () => ({ confirm: env.modal.confirm, cancel: !env.modal.confirm, content: env.modal.content })),
    ),
    requestSubscribeMessage: jest.fn((options: { tmplIds: string[] } & CallbackOptions<Record<string, string>>) =>
      callback(options, async () => ({ errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(options.tmplIds.map((id) => [id, env.subscribe])) })),
    ),
    chooseMedia: jest.fn((options: CallbackOptions<{ tempFiles: { tempFilePath: string; size: number; fileType: string }[] }>) =>
      callback(options, async () => {
        if (env.picks.length === 0) throw { errMsg: 'chooseMedia:fail cancel' };
        return { tempFiles: env.picks.map((p) => ({ tempFilePath: p.path, size: p.bytes.length, fileType: 'image' })) };
      }),
    ),
    // a file from a WeChat chat (a scanned PDF): the same picks, as chooseMessageFile hands them
    chooseMessageFile: jest.fn((options: CallbackOptions<{ tempFiles: { path: string; size: number; name: string; type: string }[] }>) =>
      callback(options, async () => {
        if (env.picks.length === 0) throw { errMsg: 'chooseMessageFile:fail cancel' };
        return { tempFiles: env.picks.map((p) => ({ path: p.path, size: p.bytes.length, name: p.path.split('/').pop() ?? '', type: 'file' })) };
      }),
    ),
    uploadFile,
    compressImage: jest.fn((options: { src: string } & CallbackOptions<{ tempFilePath: string }>) => callback(options, async () => ({ tempFilePath: options.src }))),
    previewImage: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    scanCode: jest.fn(() => track(() => Promise.reject({ errMsg: 'scanCode:fail cancel' }))),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { appId: 'touristappid', envVersion: 'release', version: '1.0.0' } })),
    // base library 2.32.3+; a test deletes them to see a page without (the simulator has neither)
    getPrivacySetting: jest.fn((options: CallbackOptions<{ needAuthorization: boolean; privacyContractName: string }>) =>
      callback(options, async () => ({ needAuthorization: env.privacyNeeded, privacyContractName: '《网签三方协议小程序隐私保护指引》' })),
    ),
    makePhoneCall: jest.fn(done({ errMsg: 'makePhoneCall:ok' })),
  };
  env.wx = stubs;
  const { callFunction: cloudCall, uploadFile: cloudUpload, ...rest } = stubs;
  Object.assign(wx, rest, { cloud: { init: jest.fn(), callFunction: cloudCall, uploadFile: cloudUpload } });
  // the app object pages share (utils/session.ts keeps the home view on it): fresh for every installed system
  (globalThis as unknown as { __app?: unknown }).__app = { globalData: {} };
  return env;
}

/**
 * Waits until the page is idle: no stub still running and no `busy` flag, for a few turns in a row. Taps are
 * delivered asynchronously by simulate and handlers await the stubs, so a fixed sleep would be either slow or flaky.
 */
export async function settle(page: Page, env: MiniEnv, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    quiet = env.inflight === 0 && !page.data.busy ? quiet + 1 : 0;
    if (Date.now() > deadline) throw new Error('page did not settle');
  }
}

export async function tap(page: Page, env: MiniEnv, selector: string): Promise<void> {
  const target = page.querySelector(selector);
  if (!target) throw new Error(`nothing matches ${selector}`);
  target.dispatchEvent('tap');
  await settle(page, env);
}

export async function type(page: Page, env: MiniEnv, selector: string, value: string): Promise<void> {
  const target = page.querySelector(selector);
  if (!target) throw new Error(`nothing matches ${selector}`);
  target.dispatchEvent('input', { detail: { value } });
  await settle(page, env);
}

/**
 * Opens a page as WeChat would: load, then onLoad(options) and onShow, waiting for what they start. Pages are
 * Component()s whose lifecycles are methods (see the pages' headers).
 */
export async function openPage(name: string, env: MiniEnv, options: Record<string, string> = {}): Promise<Page> {
  const page = loadPage(name);
  const instance = page.instance as { onLoad?: (o: Record<string, string>) => unknown; onShow?: () => unknown };
  await instance.onLoad?.(options);
  await instance.onShow?.();
  await settle(page, env);
  return page;
}

/** Pull-down refresh, as the page's onPullDownRefresh receives it. */
export async function pullDown(page: Page, env: MiniEnv): Promise<void> {
  await (page.instance as { onPullDownRefresh?: () => unknown }).onPullDownRefresh?.();
  await settle(page, env);
}

/** A small valid PNG (1×1) as picked image bytes; `tag` makes each one distinct. */
export { pngBytes } from '../support/files';

/** A bound attribute as the template set it (`disabled="{{busy}}"`): simulate keeps these off the DOM. */
export function attrOf(page: Page, selector: string, name: string): unknown {
  const target = page.querySelector(selector);
  if (!target) throw new Error(`nothing matches ${selector}`);
  return target.toJSON().attrs.find((a) => a.name === name)?.value;
}

/** The label → value rows of a result list (`.row` with `.row__label` and `.row__value`). */
export function rowsOf(page: Page): Record<string, string> {
  const text = (c: Page): string => (c.dom?.textContent ?? '').trim();
  const values = page.querySelectorAll('.row__value').map(text);
  return Object.fromEntries(page.querySelectorAll('.row__label').map((label, i) => [text(label), values[i] ?? '']));
}
