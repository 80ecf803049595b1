/**
 * 毕业去向登记's per-type rules, the same on both sides: the server refuses what breaks them, the form says so beside
 * the field as the student types. Pure and self-contained: the code tables and identifier checks are handed in
 * (`DestinationLookups`), because this folder is copied into the mini program's main package while the tables live in
 * its subpackage; only types are imported, and they compile away.
 *
 * What a type asks for is data (typings/codes/destination.ts DESTINATION_TYPES: its parts, evidence, 档案/户口 need,
 * the 单位性质 its employer may have); this file says what each field must hold.
 */
import type { DestinationContent } from '../../typings/records';
import type { DestinationPart, DestinationType } from '../../typings/codes/destination';

/** The tables and checks the rules look things up in (the server's typings/codes, the page's pkg/codes copy). */
export interface DestinationLookups {
  /** DESTINATION_TYPES' entry of a 毕业去向代码, or null */
  type(code: string): DestinationType | null;
  isNature(code: string): boolean;
  isIndustry(code: string): boolean;
  isRegion(code: string): boolean;
  isJobCategory(code: string): boolean;
  isPendingKind(code: string): boolean;
  isUscc(value: string): boolean;
  isPhone(value: string): boolean;
  isPostcode(value: string): boolean;
}

/** A field's problem: `path` within the content (`employer.uscc`, `file.address`), `message` in Chinese, naming it. */
export interface DestinationIssue {
  path: string;
  message: string;
}

/** The groups of fields, as the form titles them and a refusal names them. */
export const PART_LABELS: Record<DestinationPart | 'file' | 'hukou' | 'pendingKind', string> = {
  employer: '就业单位信息',
  study: '升学信息',
  abroad: '出国（境）信息',
  business: '创业信息',
  project: '基层项目信息',
  enlistment: '入伍信息',
  freelance: '自由职业信息',
  file: '档案转递',
  hukou: '户口迁移',
  pendingKind: '待就业情况',
};

/** Each field's Chinese name, by its path. */
export const FIELD_LABELS: Record<string, string> = {
  type: '去向类型',
  pendingKind: '待就业情况',
  remarks: '备注',
  'employer.name': '单位名称',
  'employer.uscc': '统一社会信用代码',
  'employer.nature': '单位性质',
  'employer.industry': '单位行业',
  'employer.region': '单位所在地',
  'employer.jobCategory': '工作职位类别',
  'employer.jobTitle': '岗位名称',
  'employer.contactName': '单位联系人',
  'employer.contactPhone': '单位联系电话',
  'employer.contactEmail': '单位联系邮箱',
  'study.school': '升学院校',
  'study.programme': '录取专业',
  'study.level': '升学层次',
  'abroad.country': '国家（地区）',
  'abroad.institution': '境外院校或单位',
  'abroad.purpose': '出国（境）目的',
  'business.name': '创业企业名称',
  'business.uscc': '创业企业统一社会信用代码',
  'business.region': '创业所在地',
  'project.name': '基层项目名称',
  'project.serviceUnit': '服务单位',
  'project.region': '服务所在地',
  'enlistment.noticeNo': '入伍通知书编号',
  'enlistment.region': '征兵所在地',
  'freelance.description': '从业内容',
  'freelance.region': '从业所在地',
  'file.receiverKind': '档案去向',
  'file.receiver': '档案接收单位',
  'file.address': '档案接收地址',
  'file.postcode': '档案接收邮编',
  'file.phone': '档案接收单位电话',
  'hukou.migrate': '户口迁移',
  'hukou.address': '户口迁入地址',
  'hukou.policeStation': '迁入地派出所',
};

/** 升学's levels. */
export const STUDY_LEVELS = ['硕士研究生', '博士研究生', '专升本', '第二学士学位'] as const;

/** 档案去向, as the form offers them. */
export const RECEIVER_KINDS: Record<'employer' | 'talentCentre' | 'origin' | 'school', string> = {
  employer: '转至就业单位',
  talentCentre: '转至人才服务中心',
  origin: '转回生源地就业主管部门',
  school: '暂存学校（最长两年）',
};

/**
 * A receiving office's name, not a person's: the post delivers a 档案 to an office only. A name ending like a unit does
 * (…中心, …局, …公司), in full (four characters at least), passes; 张三 does not.
 */
const UNIT_WORDS = /(公司|中心|集团|银行|医院|大学|学院|学校|研究院|研究所|政府|街道|委员会|管理局|服务局|局|厅|处|部|办|院|所|馆|站|委|会|队|社|室|科|厂|店|行|场)$/;

/** The address a post office delivers to: down to the house number (…88号, …一号). */
const HOUSE_NUMBER = /[0-9０-９一二三四五六七八九十百千零]+\s*号/;

const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === '';

const PARTS: readonly DestinationPart[] = ['employer', 'study', 'abroad', 'business', 'project', 'enlistment', 'freelance'];

/** The fields each part must have, in the form's order; those not listed are optional. */
const REQUIRED: Record<DestinationPart, readonly string[]> = {
  employer: ['name', 'uscc', 'nature', 'industry', 'region', 'jobCategory', 'jobTitle', 'contactName', 'contactPhone'],
  study: ['school', 'programme', 'level'],
  abroad: ['country', 'institution', 'purpose'],
  business: ['name', 'uscc', 'region'],
  project: ['name', 'serviceUnit', 'region'],
  enlistment: ['noticeNo', 'region'],
  freelance: ['description', 'region'],
};

export interface RuleOptions {
  /**
   * true for a submission (and a reviewer's 修改): every required field, part and need; false for 保存, which keeps a
   * partly filled form but still refuses what is filled wrong and any part the type does not have.
   */
  complete: boolean;
}

/**
 * What is wrong with `content` for its type, field by field (empty: nothing). Evidence is not looked at here: files are
 * the server's to check (`DestinationType.evidence` says what is asked).
 */
export function destinationIssues(content: DestinationContent, lookups: DestinationLookups, options: RuleOptions): DestinationIssue[] {
  const issues: DestinationIssue[] = [];
  const add = (path: string, message: string): void => {
    if (!issues.some((i) => i.path === path)) issues.push({ path, message });
  };
  const label = (path: string): string => FIELD_LABELS[path] ?? path;
  const type = blank(content.type) ? null : lookups.type(content.type);
  if (!type) {
    add('type', blank(content.type) ? '请选择去向类型' : `去向类型“${content.type}”不在标准代码表中`);
    return issues;
  }

  // a part of another type is refused, naming it: nothing the student typed is dropped unseen
  for (const part of PARTS) {
    if (content[part] !== undefined && !type.parts.includes(part)) add(part, `${type.name}不需要填写${PART_LABELS[part]}，请删除`);
  }
  if (type.hukou === 'none' && content.hukou !== undefined) add('hukou', `${type.name}不需要填写${PART_LABELS.hukou}，请删除`);
  if (type.file === 'none' && content.file !== undefined) add('file', `${type.name}不需要填写${PART_LABELS.file}，请删除`);

  // 待就业 says which kind; no other type has one
  if (type.code === '70') {
    if (blank(content.pendingKind)) {
      if (options.complete) add('pendingKind', '请选择待就业情况');
    } else if (!lookups.isPendingKind(content.pendingKind!)) add('pendingKind', '待就业情况不在可选范围内');
  } else if (content.pendingKind !== undefined && content.pendingKind !== '') {
    add('pendingKind', `只有待就业需要填写待就业情况，${type.name}请删除`);
  }

  for (const part of type.parts) {
    const values = content[part] as Record<string, unknown> | undefined;
    if (values === undefined) {
      if (options.complete) add(part, `请填写${PART_LABELS[part]}`);
      continue;
    }
    if (options.complete) {
      for (const key of REQUIRED[part]) {
        const path = `${part}.${key}`;
        if (blank(values[key])) add(path, `${['nature', 'industry', 'region', 'jobCategory', 'level', 'purpose'].includes(key) ? '请选择' : '请填写'}${label(path)}`);
      }
    }
    partIssues(part, values, type, lookups, add, label);
  }

  if (content.file !== undefined) fileIssues(content.file as unknown as Record<string, unknown>, lookups, options, add);
  else if (options.complete && type.file === 'required') add('file', `请填写${PART_LABELS.file}`);

  if (content.hukou !== undefined) hukouIssues(content.hukou as unknown as Record<string, unknown>, options, add);
  else if (options.complete && type.hukou === 'required') add('hukou', `请填写${PART_LABELS.hukou}`);

  return issues;
}

type Add = (path: string, message: string) => void;

/** What a filled field of a part must hold: codes in their tables, credit codes with their check character. */
function partIssues(
  part: DestinationPart,
  values: Record<string, unknown>,
  type: DestinationType,
  lookups: DestinationLookups,
  add: Add,
  label: (path: string) => string,
): void {
  const filled = (key: string): string | null => (blank(values[key]) ? null : String(values[key]).trim());
  const code = (key: string, test: (c: string) => boolean): void => {
    const v = filled(key);
    if (v !== null && !test(v)) add(`${part}.${key}`, `${label(`${part}.${key}`)}不在标准代码表中`);
  };
  const uscc = (key: string): void => {
    const v = filled(key);
    if (v !== null && !lookups.isUscc(v.toUpperCase())) add(`${part}.${key}`, `${label(`${part}.${key}`)}不正确，请核对（18位，末位为校验码）`);
  };
  const phone = (key: string): void => {
    const v = filled(key);
    if (v !== null && !lookups.isPhone(v)) add(`${part}.${key}`, `${label(`${part}.${key}`)}格式不正确`);
  };
  switch (part) {
    case 'employer': {
      uscc('uscc');
      code('nature', lookups.isNature);
      code('industry', lookups.isIndustry);
      code('region', lookups.isRegion);
      code('jobCategory', lookups.isJobCategory);
      phone('contactPhone');
      const email = filled('contactEmail');
      if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) add('employer.contactEmail', '单位联系邮箱格式不正确');
      // a job type needs a unit of a kind that employs (DestinationType.natures)
      const nature = filled('nature');
      if (nature !== null && lookups.isNature(nature) && type.natures?.length && !type.natures.includes(nature)) {
        add('employer.nature', `${type.name}的单位性质不能为“${nature}”，请按用人单位的性质选择`);
      }
      return;
    }
    case 'study': {
      const level = filled('level');
      if (level !== null && !(STUDY_LEVELS as readonly string[]).includes(level)) add('study.level', `升学层次应为${STUDY_LEVELS.join('、')}之一`);
      return;
    }
    case 'abroad': {
      const purpose = filled('purpose');
      if (purpose !== null && purpose !== 'study' && purpose !== 'work') add('abroad.purpose', '出国（境）目的应为留学或工作');
      return;
    }
    case 'business':
      uscc('uscc');
      code('region', lookups.isRegion);
      return;
    case 'project':
    case 'enlistment':
    case 'freelance':
      code('region', lookups.isRegion);
      return;
  }
}

/** 档案转递: what the post needs to take the file to an office (none of it when the school keeps the file). */
function fileIssues(file: Record<string, unknown>, lookups: DestinationLookups, options: RuleOptions, add: Add): void {
  const kind = file.receiverKind;
  if (blank(kind)) {
    if (options.complete) add('file.receiverKind', '请选择档案去向');
    return;
  }
  if (!Object.keys(RECEIVER_KINDS).includes(String(kind))) {
    add('file.receiverKind', '档案去向不在可选范围内');
    return;
  }
  if (kind === 'school') return;
  const value = (key: string): string | null => (blank(file[key]) ? null : String(file[key]).trim());
  const receiver = value('receiver');
  if (receiver === null) {
    if (options.complete) add('file.receiver', '请填写档案接收单位');
  } else if (receiver.length < 4 || !UNIT_WORDS.test(receiver)) {
    add('file.receiver', '档案接收单位应为单位名称（如 某某市人才服务中心），不能是个人');
  }
  const address = value('address');
  if (address === null) {
    if (options.complete) add('file.address', '请填写档案接收地址');
  } else if (!HOUSE_NUMBER.test(address)) add('file.address', '档案接收地址请填写到门牌号（如 某某路88号）');
  const postcode = value('postcode');
  if (postcode === null) {
    if (options.complete) add('file.postcode', '请填写档案接收邮编');
  } else if (!lookups.isPostcode(postcode)) add('file.postcode', '档案接收邮编应为6位数字');
  const phone = value('phone');
  if (phone === null) {
    if (options.complete) add('file.phone', '请填写档案接收单位电话');
  } else if (!lookups.isPhone(phone)) add('file.phone', '档案接收单位电话格式不正确');
}

/** 户口迁移: moving it names where to and the receiving 派出所. */
function hukouIssues(hukou: Record<string, unknown>, options: RuleOptions, add: Add): void {
  if (typeof hukou.migrate !== 'boolean') {
    add('hukou.migrate', '请选择是否办理户口迁移');
    return;
  }
  if (!hukou.migrate) return;
  if (blank(hukou.address)) {
    if (options.complete) add('hukou.address', '请填写户口迁入地址');
  }
  if (blank(hukou.policeStation)) {
    if (options.complete) add('hukou.policeStation', '请填写迁入地派出所');
  } else if (!String(hukou.policeStation).includes('派出所')) add('hukou.policeStation', '迁入地派出所应填写派出所名称（如 某某派出所）');
}
