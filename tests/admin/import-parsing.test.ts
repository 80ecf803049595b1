import { SOURCE_FIELDS } from '../../server/domain/checkFields';
import { educationLevel, industry, nature, region } from '../../admin/import/codes';
import { decodeCsv, parseCsv } from '../../admin/import/csv';
import { mapHeader, normalizeHeader } from '../../admin/import/columns';
import { EMPLOYER_COLUMNS } from '../../admin/import/employers';
import { ethnicity, politicalStatus, trainingMode } from '../../admin/import/personCodes';
import { ROSTER_COLUMNS, SOURCE_KEYS, sourceColumn } from '../../admin/import/roster';
import { UnreadableFile } from '../../admin/import/table';
import { gbkEncode } from './fixtures/files';

const rows = (text: string) => [...parseCsv(text)].map((r) => [r.row, r.cells]);

describe('CSV', () => {
  it('splits records with quoted commas, doubled quotes and line breaks, numbering records as a spreadsheet shows them', () => {
    expect(rows('学号,姓名\r\n1,"张,三"\n2,"说""好""的"\r\n3,"两\n行"\n4,末行')).toEqual([
      [1, ['学号', '姓名']],
      [2, ['1', '张,三']],
      [3, ['2', '说"好"的']],
      [4, ['3', '两\n行']],
      [5, ['4', '末行']],
    ]);
    expect(rows('a,\n,\n')).toEqual([[1, ['a', '']], [2, ['', '']]]);
  });

  it('refuses an unclosed quote, naming the record', () => {
    expect(() => rows('a\n"b,c\n')).toThrow(new UnreadableFile('第 2 行的引号没有闭合，文件可能不完整'));
  });

  it('reads UTF-8 with and without a byte-order mark, decodes GBK with a note, refuses UTF-16', () => {
    expect(decodeCsv(Buffer.from('\ufeff学号,姓名', 'utf8'))).toEqual({ text: '学号,姓名', notes: [] });
    expect(decodeCsv(Buffer.from('学号,姓名', 'utf8'))).toEqual({ text: '学号,姓名', notes: [] });
    const gbk = decodeCsv(gbkEncode('学号,姓名,身份证号\r\n1,张三,x'));
    expect(gbk.text).toBe('学号,姓名,身份证号\r\n1,张三,x');
    expect(gbk.notes).toEqual(['文件不是 UTF-8 编码，已按 GBK（GB18030）读取；请核对下面的中文是否显示正确']);
    expect(() => decodeCsv(Buffer.from([0xff, 0xfe, 0x66, 0x5b]))).toThrow(/UTF-16/);
  });
});

describe('headers', () => {
  it('match ignoring spaces, case, a required mark and a bracketed note', () => {
    expect(normalizeHeader(' 身份证号（必填）* ')).toBe(normalizeHeader('身份证号'));
    const header = mapHeader(EMPLOYER_COLUMNS, { row: 1, cells: ['单位名称', '信用代码', 'hr姓名', 'HR 电话', '备注'] });
    expect([...header.index]).toEqual([['name', 0], ['uscc', 1], ['contactName', 2], ['contactPhone', 3]]);
    expect(header.missing.map((c) => c.header)).toEqual(['单位性质', '行业', '单位所在地', '地址']);
    expect(header.ignored).toEqual(['备注']);
  });

  it('report a column given twice under two names', () => {
    const header = mapHeader(ROSTER_COLUMNS, { row: 1, cells: ['学号', '学生学号'] });
    expect(header.repeated.map((r) => r.headers)).toEqual([['学号', '学生学号']]);
  });

  it('cover every school-owned 生源 field of the check form', () => {
    const entryColumns = new Set(['studentNo', 'name', 'idNumber', 'major', 'educationLevel', 'graduationYear', 'gender']);
    const school = SOURCE_FIELDS.filter((f) => f.owner === 'school').map((f) => f.key);
    for (const key of school) {
      const covered = key === 'collegeName' || entryColumns.has(key) || sourceColumn(key) !== undefined;
      expect([key, covered]).toEqual([key, true]);
    }
    expect(SOURCE_KEYS).toEqual(['ethnicity', 'politicalStatus', 'trainingMode', 'originRegion']);
  });
});

describe('code values by code or name', () => {
  it('regions: a code, a full or shortened name, a unique short name; ambiguous and province-only refused', () => {
    expect(region('440305')).toEqual({ code: '440305' });
    expect(region('广东省深圳市南山区')).toEqual({ code: '440305' });
    expect(region('深圳市 南山区')).toEqual({ code: '440305' });
    expect(region('北京市东城区')).toEqual({ code: '110101' });
    expect(region('北京市/市辖区/东城区')).toEqual({ code: '110101' });
    expect(region('东莞市')).toEqual({ code: '441900' });
    expect(region('南山区')).toEqual({ problem: '「南山区」对应多个地区，请填写行政区划代码或完整的省市区名称' });
    expect(region('440000')).toEqual({ problem: '「440000」是省级代码，请精确到市或区县' });
    expect(region('999999')).toEqual({ problem: '「999999」不是有效的行政区划代码（GB/T 2260）' });
  });

  it('industries, natures and education levels', () => {
    expect(industry('65')).toEqual({ code: '65' });
    expect(industry('i')).toEqual({ code: 'I' });
    expect(industry('65 软件和信息技术服务业')).toEqual({ code: '65' });
    // 教育 is both 门类 P and 大类 83
    expect(industry('教育')).toEqual({ code: '83' });
    expect(nature('国有企业')).toEqual({ code: '31' });
    expect(nature('国企')).toEqual({ problem: '「国企」不在单位性质代码表中' });
    expect(['01', '1', '博士', '硕士研究生', '本科', '专科（高职）', '高职'].map((v) => educationLevel(v))).toEqual(
      ['01', '01', '01', '11', '31', '41', '41'].map((code) => ({ code })),
    );
  });

  it('民族, 政治面貌 and 培养方式 by name, short name or code', () => {
    expect(['汉族', '汉', '01', '1', '维吾尔', '98'].map(ethnicity)).toEqual(['汉族', '汉族', '汉族', '汉族', '维吾尔族', '外国血统中国籍人士']);
    expect(ethnicity('57')).toBeNull();
    expect(['党员', '中国共产主义青年团团员', '03', '群众', '九三学社社员'].map(politicalStatus)).toEqual(['中共党员', '共青团员', '共青团员', '群众', '九三学社社员']);
    expect(politicalStatus('无')).toBeNull();
    // 培养方式 by name, other name or the ministry's code
    expect(['非定向', '1', '02', '委托培养', '自筹'].map(trainingMode)).toEqual(['非定向', '非定向', '定向', '委培', '自筹']);
    expect(trainingMode('统招')).toBeNull();
  });
});

