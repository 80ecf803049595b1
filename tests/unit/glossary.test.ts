/**
 * The UI glossary (docs/glossary.md): what a person reads says each thing one way. Every text a page shows (WXML,
 * page and component code, page titles), every message and refusal the server words, and the printed 协议书 are read
 * as the strings they are written in, and none may hold a variant the glossary rules out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The variants, each with the term to use instead. A pattern, where a word is allowed inside a longer one. */
const FORBIDDEN: [RegExp, string][] = [
  [/你/, '您'],
  [/不通过|驳回|打回|审核未通过/, '退回'],
  [/学院审核/, '院系审核'],
  [/校级审核/, '学校审核'],
  [/生源信息核查/, '生源核查'],
  [/就业核验/, '就业信息核验'],
  [/终止协议/, '解约'],
  [/去向填报/, '毕业去向登记'],
  [/协议号/, '协议编号'],
  [/已签约/, '签约成功'],
  [/接受邀约|同意邀约/, '应约'],
  [/取消提交/, '撤回'],
  [/HR ?联系人/, '单位联系人'],
  [/(?<!社会)信用代码|(?<!统一)社会信用代码/, '统一社会信用代码'],
  [/所属行业|行业类别/, '单位行业'],
  [/所在地区/, '单位所在地'],
  [/工作岗位|工作职位(?!类别)/, '岗位名称'],
  [/档案转移|档案是否转递/, '档案转递'],
  [/户口是否迁移|户籍迁移/, '户口迁移'],
  [/身份证号码/, '身份证号'],
  [/身份证后6位/, '身份证后六位'],
  [/毕业去向类别/, '去向类型'],
  [/学生确认/, '本人确认'],
  [/风险提示|预警/, '核查提示'],
  [/报送/, '上报'],
  [/盖章上传/, '盖章回传'],
  [/审验/, '鉴证'],
  [/电子签名/, '手写签名'],
  [/协议模板/, '邀约模板'],
];

/** Where people's words live. Code tables, vendored components and tests are not read. */
const SOURCES = ['miniprogram', 'server', 'typings'];
const SKIP = new Set(['miniprogram_npm', 'codes', 'node_modules']);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else if (/\.(ts|wxml|json)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The texts of a file a person may read: string literals of code (comments are the developers'), all of a template. */
function texts(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  if (file.endsWith('.wxml')) return [source.replace(/<!--[\s\S]*?-->/g, '')];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]).filter((t) => /[\u4e00-\u9fff]/.test(t));
}

describe('the UI glossary', () => {
  const all = SOURCES.flatMap((dir) => files(path.join(ROOT, dir)));

  it('reads the pages, the server and the contract', () => {
    expect(all.some((f) => f.endsWith('.wxml'))).toBe(true);
    expect(all.some((f) => f.includes(`${path.sep}print${path.sep}`))).toBe(true);
  });

  it('given every text a person reads, then none holds a variant the glossary rules out', () => {
    const found: string[] = [];
    for (const file of all) {
      for (const text of texts(file)) {
        for (const [variant, use] of FORBIDDEN) {
          const hit = variant.exec(text);
          if (hit) found.push(`${path.relative(ROOT, file)}: 「${hit[0]}」 → ${use}: ${text.slice(0, 60)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('given a text with a variant, then it is found (the check can fail)', () => {
    const [variant] = FORBIDDEN.find(([, use]) => use === '退回')!;
    expect(variant.test('审核不通过')).toBe(true);
    expect(FORBIDDEN.some(([v]) => v.test('统一社会信用代码'))).toBe(false);
    expect(FORBIDDEN.some(([v]) => v.test('工作职位类别'))).toBe(false);
  });
});
