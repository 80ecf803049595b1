/**
 * The ministry's code tables of 毕业去向登记 and the national upload sheet, kept as versioned data: the next revision of
 * a table is a change of this file (its `version` and `source` with it), not of the code that reads it.
 *
 * Sources (see the project's docs/destination.md): 毕业去向代码 as in the ministry's 高校毕业生就业信息管理 data standard
 * (2020 定义: 3 类 14 种; 70 待就业 split into its sub-kinds as the 24365 去向登记 asks them, 71/72 暂不就业); 工作职位类别
 * and the two-digit 单位行业 of the same standard. Hand-written: no generator reads these.
 */

/** Which part of 去向落实率 a destination counts in. */
export type DestinationCategory = 'contract' | 'flexible' | 'study' | 'unemployed';

export const DESTINATION_CATEGORY_LABELS: Record<DestinationCategory, string> = {
  contract: '协议和合同就业',
  flexible: '灵活就业',
  study: '升学',
  unemployed: '未就业',
};

/** The groups of fields a destination type asks for (typings/records.ts DestinationContent). */
export type DestinationPart = 'employer' | 'study' | 'abroad' | 'business' | 'project' | 'enlistment' | 'freelance';

/** Whether a type asks for 档案转递 / 户口迁移: required, the student may give it, or not at all. */
export type Need = 'required' | 'optional' | 'none';

export interface DestinationType {
  /** 毕业去向代码, always two digits */
  code: string;
  name: string;
  category: DestinationCategory;
  /** one line for the type picker: who chooses this */
  hint: string;
  /** the groups of fields this type asks for; none for 待就业 / 暂不就业 */
  parts: readonly DestinationPart[];
  /** the evidence the student uploads (null: none asked) */
  evidence: string | null;
  file: Need;
  hukou: Need;
  /** a 单位性质 an employer of this type may have (job types only); empty: any */
  natures?: readonly string[];
}

export interface CodeTable<T> {
  /** which revision of the table this is */
  version: string;
  /** where it comes from */
  source: string;
  entries: readonly T[];
}

/** 单位性质 codes that employ (everything but 99 其他 stands for a real employer). */
const EMPLOYING_NATURES = ['10', '20', '21', '22', '23', '29', '31', '32', '39', '40', '55', '56', '99'] as const;

export const DESTINATION_TYPES: CodeTable<DestinationType> = {
  version: '2023',
  source: '教育部 高校毕业生就业信息管理 数据标准（毕业去向代码，2020 年定义，2023 年去向登记细分待就业）',
  entries: [
    {
      code: '10',
      name: '签就业协议形式就业',
      category: 'contract',
      hint: '与单位签订了就业协议书（三方协议）。网签成功的协议由系统自动登记。',
      parts: ['employer'],
      evidence: '盖章的就业协议书',
      file: 'required',
      hukou: 'required',
      natures: EMPLOYING_NATURES,
    },
    {
      code: '11',
      name: '签劳动合同形式就业',
      category: 'contract',
      hint: '与单位签订了劳动合同。',
      parts: ['employer'],
      evidence: '劳动合同',
      file: 'required',
      hukou: 'required',
      natures: EMPLOYING_NATURES,
    },
    {
      code: '12',
      name: '其他录用形式就业',
      category: 'contract',
      hint: '有人事调配权的单位出具了录用接收函，或经公务员、事业单位招考录用。',
      parts: ['employer'],
      evidence: '录用接收函',
      file: 'required',
      hukou: 'required',
      natures: EMPLOYING_NATURES,
    },
    {
      code: '27',
      name: '科研助理、管理助理',
      category: 'contract',
      hint: '受聘为高校、科研院所或企业的科研助理、管理助理。',
      parts: ['employer'],
      evidence: '聘用协议或聘用合同',
      file: 'required',
      hukou: 'optional',
      natures: EMPLOYING_NATURES,
    },
    {
      code: '46',
      name: '应征义务兵',
      category: 'contract',
      hint: '已应征入伍。',
      parts: ['enlistment'],
      evidence: '入伍通知书',
      file: 'required',
      hukou: 'optional',
    },
    {
      code: '50',
      name: '国家基层项目',
      category: 'contract',
      hint: '参加三支一扶、西部计划、特岗教师等国家组织的基层服务项目。',
      parts: ['project'],
      evidence: '项目录取通知或派遣函',
      file: 'required',
      hukou: 'optional',
    },
    {
      code: '51',
      name: '地方基层项目',
      category: 'contract',
      hint: '参加选调生、大学生村官等地方组织的基层服务项目。',
      parts: ['project'],
      evidence: '项目录取通知或派遣函',
      file: 'required',
      hukou: 'optional',
    },
    {
      code: '75',
      name: '自主创业',
      category: 'flexible',
      hint: '创办了企业或个体工商户（网店也算），本人为法定代表人或主要股东。',
      parts: ['business'],
      evidence: '营业执照',
      file: 'required',
      hukou: 'optional',
    },
    {
      code: '76',
      name: '自由职业',
      category: 'flexible',
      hint: '以个人身份从事自由职业（如自由撰稿、博主、电竞），有稳定收入。',
      parts: ['freelance'],
      evidence: '从业或收入证明',
      file: 'required',
      hukou: 'none',
    },
    {
      code: '80',
      name: '升学',
      category: 'study',
      hint: '在境内读研究生、专升本或第二学士学位。',
      parts: ['study'],
      evidence: '录取通知书',
      file: 'required',
      hukou: 'optional',
    },
    {
      code: '85',
      name: '出国、出境',
      category: 'study',
      hint: '到境外（含港澳台）留学或工作。',
      parts: ['abroad'],
      evidence: '录取通知书、工作邀请或签证',
      file: 'required',
      hukou: 'none',
    },
    {
      code: '70',
      name: '待就业',
      category: 'unemployed',
      hint: '还在求职、签约中或准备考试、升学、创业、出国。',
      parts: [],
      evidence: null,
      file: 'required',
      hukou: 'none',
    },
    {
      code: '71',
      name: '不就业拟升学',
      category: 'unemployed',
      hint: '暂不就业，准备继续升学。',
      parts: [],
      evidence: null,
      file: 'required',
      hukou: 'none',
    },
    {
      code: '72',
      name: '其他暂不就业',
      category: 'unemployed',
      hint: '因其他原因暂不就业。',
      parts: [],
      evidence: null,
      file: 'required',
      hukou: 'none',
    },
  ],
};

/** 待就业's sub-kinds, as 24365's 去向登记 asks them. */
export const PENDING_KINDS: CodeTable<{ code: string; name: string }> = {
  version: '2023',
  source: '国家大学生就业服务平台（24365）毕业去向登记',
  entries: [
    { code: 'seeking', name: '求职中' },
    { code: 'signing', name: '签约中' },
    { code: 'exam', name: '拟参加公招考试' },
    { code: 'study', name: '拟升学' },
    { code: 'business', name: '拟创业' },
    { code: 'abroad', name: '拟出国（境）' },
  ],
};

/** 工作职位类别 (Gzzwlbdm). */
export const JOB_CATEGORIES: CodeTable<{ code: string; name: string }> = {
  version: '2020',
  source: '教育部 高校毕业生就业信息管理 数据标准（工作职位类别代码）',
  entries: [
    { code: '10', name: '公务员' },
    { code: '11', name: '科学研究人员' },
    { code: '13', name: '工程技术人员' },
    { code: '17', name: '农林牧渔业技术人员' },
    { code: '19', name: '卫生专业技术人员' },
    { code: '21', name: '经济业务人员' },
    { code: '22', name: '金融业务人员' },
    { code: '23', name: '法律专业人员' },
    { code: '24', name: '教学人员' },
    { code: '25', name: '文学艺术工作人员' },
    { code: '26', name: '体育工作人员' },
    { code: '27', name: '新闻出版和文化工作人员' },
    { code: '29', name: '其他专业技术人员' },
    { code: '30', name: '办事人员和有关人员' },
    { code: '40', name: '商业和服务业人员' },
    { code: '60', name: '生产和运输设备操作人员' },
    { code: '80', name: '军人' },
    { code: '90', name: '其他人员' },
  ],
};

/**
 * 单位行业 as the national sheet codes it (Dwhydm, two digits), from the GB/T 4754-2017 门类 the project stores: each
 * 门类 letter's ministry code and name.
 */
export const MINISTRY_INDUSTRIES: CodeTable<{ code: string; name: string; section: string }> = {
  version: '2020',
  source: '教育部 高校毕业生就业信息管理 数据标准（单位行业代码，对应 GB/T 4754-2017 门类）',
  entries: [
    { section: 'A', code: '11', name: '农、林、牧、渔业' },
    { section: 'B', code: '21', name: '采矿业' },
    { section: 'C', code: '22', name: '制造业' },
    { section: 'D', code: '23', name: '电力、热力、燃气及水生产和供应业' },
    { section: 'E', code: '24', name: '建筑业' },
    { section: 'F', code: '31', name: '批发和零售业' },
    { section: 'G', code: '32', name: '交通运输、仓储和邮政业' },
    { section: 'H', code: '33', name: '住宿和餐饮业' },
    { section: 'I', code: '34', name: '信息传输、软件和信息技术服务业' },
    { section: 'J', code: '35', name: '金融业' },
    { section: 'K', code: '36', name: '房地产业' },
    { section: 'L', code: '37', name: '租赁和商务服务业' },
    { section: 'M', code: '38', name: '科学研究和技术服务业' },
    { section: 'N', code: '39', name: '水利、环境和公共设施管理业' },
    { section: 'O', code: '41', name: '居民服务、修理和其他服务业' },
    { section: 'P', code: '42', name: '教育' },
    { section: 'Q', code: '43', name: '卫生和社会工作' },
    { section: 'R', code: '44', name: '文化、体育和娱乐业' },
    { section: 'S', code: '45', name: '公共管理、社会保障和社会组织' },
    { section: 'T', code: '46', name: '国际组织' },
  ],
};

export function destinationType(code: string): DestinationType | null {
  return DESTINATION_TYPES.entries.find((t) => t.code === code) ?? null;
}

export function jobCategoryName(code: string): string | null {
  return JOB_CATEGORIES.entries.find((e) => e.code === code)?.name ?? null;
}

export function pendingKindName(code: string): string | null {
  return PENDING_KINDS.entries.find((e) => e.code === code)?.name ?? null;
}
