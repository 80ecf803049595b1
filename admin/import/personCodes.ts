/**
 * The two person code tables the 生源 record carries that typings/codes does not have (no npm package has them
 * either). Values are stored by name, as the seed and the check form show them.
 *   民族: GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码 (01–56), with 97 其他 and 98 外国血统中国籍人士.
 *   政治面貌: GB/T 4762-1984 政治面貌代码 (01–13), stored by the short names schools print.
 *   培养方式: the ministry's 培养方式代码 of the graduates' data (Pyfsdm: 1 非定向, 2 定向, 3 委培, 4 自筹; 委培 and
 *   自筹 remain for older cohorts), stored by name as the 协议书 prints it.
 */

export const ETHNICITIES: readonly string[] = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
];
const ETHNICITY_OTHER: Record<string, string> = { '97': '其他', '98': '外国血统中国籍人士' };

/** 汉族, 汉, 01 → 汉族 */
export function ethnicity(value: string): string | null {
  if (/^\d{1,2}$/.test(value)) {
    const n = Number(value);
    return ETHNICITIES[n - 1] ?? ETHNICITY_OTHER[value.padStart(2, '0')] ?? null;
  }
  if (ETHNICITIES.includes(value) || Object.values(ETHNICITY_OTHER).includes(value)) return value;
  const withSuffix = `${value}族`;
  return ETHNICITIES.includes(withSuffix) ? withSuffix : null;
}

/** [stored name, code, other names] */
const POLITICAL: readonly [string, string, readonly string[]][] = [
  ['中共党员', '01', ['中国共产党党员', '党员']],
  ['中共预备党员', '02', ['中国共产党预备党员', '预备党员']],
  ['共青团员', '03', ['中国共产主义青年团团员', '团员']],
  ['民革会员', '04', ['中国国民党革命委员会会员']],
  ['民盟盟员', '05', ['中国民主同盟盟员']],
  ['民建会员', '06', ['中国民主建国会会员']],
  ['民进会员', '07', ['中国民主促进会会员']],
  ['农工党党员', '08', ['中国农工民主党党员']],
  ['致公党党员', '09', ['中国致公党党员']],
  ['九三学社社员', '10', []],
  ['台盟盟员', '11', ['台湾民主自治同盟盟员']],
  ['无党派人士', '12', ['无党派民主人士']],
  ['群众', '13', []],
];

export function politicalStatus(value: string): string | null {
  const code = /^\d{1,2}$/.test(value) ? value.padStart(2, '0') : null;
  const found = POLITICAL.find(([name, c, others]) => name === value || c === code || others.includes(value));
  return found ? found[0] : null;
}

export const POLITICAL_NAMES: readonly string[] = POLITICAL.map(([name]) => name);

/** [stored name, code, other names] */
const TRAINING: readonly [string, string, readonly string[]][] = [
  ['非定向', '1', ['非定向生']],
  ['定向', '2', ['定向生', '定向培养']],
  ['委培', '3', ['委托培养']],
  ['自筹', '4', ['自费']],
];

/** 非定向, 1, 01 → 非定向 */
export function trainingMode(value: string): string | null {
  const code = /^\d{1,2}$/.test(value) ? String(Number(value)) : null;
  const found = TRAINING.find(([name, c, others]) => name === value || c === code || others.includes(value));
  return found ? found[0] : null;
}

/**
 * The codes of the stored names, as the national upload sheet writes them (two digits: 汉族 → 01, 共青团员 → 03,
 * 非定向 → 01); null for a name no table has. The roster stores names, so these are the inverse of the parsers above.
 */
export function ethnicityCode(name: string): string | null {
  const i = ETHNICITIES.indexOf(name);
  if (i >= 0) return String(i + 1).padStart(2, '0');
  return Object.entries(ETHNICITY_OTHER).find(([, n]) => n === name)?.[0] ?? null;
}

export const politicalCode = (name: string): string | null => POLITICAL.find(([n]) => n === name)?.[1] ?? null;

export function trainingCode(name: string): string | null {
  const code = TRAINING.find(([n]) => n === name)?.[1];
  return code === undefined ? null : code.padStart(2, '0');
}
