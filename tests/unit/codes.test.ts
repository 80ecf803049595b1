import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateCodes } from '../../scripts/gen-codes';
import {
  industryName,
  industryTree,
  isIndustryCode,
  isNatureCode,
  isRegionCode,
  natureList,
  natureName,
  regionPath,
  regionTree,
} from '../../typings/codes';

const CODES_DIR = path.resolve(__dirname, '../../typings/codes');

describe('typings/codes generated tables', () => {
  it('re-running the generator reproduces the committed modules byte for byte', () => {
    const generated = generateCodes();
    expect(Object.keys(generated).sort()).toEqual(['industry.ts', 'nature.ts', 'region.ts']);
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(path.join(CODES_DIR, name), 'utf8')).toBe(text);
    }
  });

  it('region tree has 31 provinces (34 would include HK/MO/TW) with 6-digit codes', () => {
    expect([31, 34]).toContain(regionTree.length);
    const cities = regionTree.flatMap((p) => p.s ?? []);
    const counties = cities.flatMap((c) => c.s ?? []);
    expect(cities.length).toBeGreaterThan(300);
    expect(counties.length).toBeGreaterThan(2800);
    for (const p of regionTree) {
      expect(p.c).toMatch(/^\d{2}0000$/);
      for (const c of p.s ?? []) {
        expect(c.c).toMatch(/^\d{4}00$/);
        expect(c.c.slice(0, 2)).toBe(p.c.slice(0, 2));
        for (const a of c.s ?? []) {
          expect(a.c).toMatch(/^\d{6}$/);
          expect(a.c.slice(0, 4)).toBe(c.c.slice(0, 4));
          expect(a.s).toBeUndefined(); // three levels only
        }
      }
    }
  });

  it('industry tree has exactly 20 门类 (A–T) and 97 大类 (01–97)', () => {
    expect(industryTree.map((s) => s.c).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    const divisions = industryTree.flatMap((s) => s.s ?? []).map((d) => d.c);
    expect(divisions).toHaveLength(97);
    expect(divisions).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it('nature list has unique two-digit codes', () => {
    const codes = natureList.map((e) => e.c);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^\d{2}$/);
    expect(codes).toEqual(expect.arrayContaining(['10', '21', '31', '39', '40', '99']));
  });
});

describe('region lookups', () => {
  it('resolves known county codes', () => {
    expect(isRegionCode('110101')).toBe(true);
    expect(regionPath('110101')).toEqual(['北京市', '市辖区', '东城区']);
    expect(isRegionCode('440305')).toBe(true);
    expect(regionPath('440305')).toEqual(['广东省', '深圳市', '南山区']);
  });

  it('accepts city-level codes, including cities without counties', () => {
    expect(isRegionCode('440300')).toBe(true);
    expect(regionPath('440300')).toEqual(['广东省', '深圳市']);
    expect(isRegionCode('110100')).toBe(true);
    expect(isRegionCode('441900')).toBe(true);
    expect(regionPath('441900')).toEqual(['广东省', '东莞市']);
  });

  it('rejects provinces, unknown codes, development zones and malformed input', () => {
    expect(isRegionCode('110000')).toBe(false);
    expect(regionPath('110000')).toEqual(['北京市']);
    expect(isRegionCode('110199')).toBe(false);
    expect(isRegionCode('999999')).toBe(false);
    expect(isRegionCode('130171')).toBe(false); // 石家庄高新技术产业开发区: statistics-only code
    expect(isRegionCode('441900003')).toBe(false); // a town, out of scope
    expect(isRegionCode('')).toBe(false);
    expect(isRegionCode(110101)).toBe(false);
    expect(isRegionCode(undefined)).toBe(false);
    expect(regionPath('999999')).toBeNull();
  });

  it('returns a fresh path array each time', () => {
    const first = regionPath('110101');
    first?.push('x');
    expect(regionPath('110101')).toEqual(['北京市', '市辖区', '东城区']);
  });
});

describe('industry lookups', () => {
  it('resolves 门类 and 大类 codes', () => {
    expect(isIndustryCode('65')).toBe(true);
    expect(industryName('65')).toBe('软件和信息技术服务业');
    expect(isIndustryCode('I')).toBe(true);
    expect(industryName('I')).toBe('信息传输、软件和信息技术服务业');
    expect(industryName('01')).toBe('农业');
    expect(industryName('97')).toBe('国际组织');
    expect(industryName('16')).toBe('烟草制品业'); // source has a trailing space
  });

  it('rejects unknown codes', () => {
    for (const bad of ['00', '98', '6', '651', 'U', 'i', 'I65', '', ' 65']) {
      expect(isIndustryCode(bad)).toBe(false);
      expect(industryName(bad)).toBeNull();
    }
    expect(isIndustryCode(65)).toBe(false);
    expect(isIndustryCode(null)).toBe(false);
  });
});

describe('nature lookups', () => {
  it('resolves known codes', () => {
    expect(isNatureCode('10')).toBe(true);
    expect(natureName('10')).toBe('机关');
    expect(natureName('21')).toBe('高等教育单位');
    expect(natureName('31')).toBe('国有企业');
    expect(natureName('99')).toBe('其他');
  });

  it('rejects unknown codes', () => {
    for (const bad of ['00', '11', '100', '1', '', 'A']) {
      expect(isNatureCode(bad)).toBe(false);
      expect(natureName(bad)).toBeNull();
    }
    expect(isNatureCode(10)).toBe(false);
  });
});
