/** Content shapes shared by the pages that edit them and the functions that validate them. */
import type { EducationLevel } from './states';

/** 单位信息. `employerId` is set when the unit comes from the school's employer library. */
export interface EmployerInfo {
  employerId?: string;
  name: string;
  /** 统一社会信用代码 (GB 32100) */
  uscc: string;
  /** 单位性质 code */
  nature: string;
  /** 行业 code (GB/T 4754 门类 or 大类) */
  industry: string;
  /** 单位所在地 (GB/T 2260) */
  region: string;
  address: string;
  contactName: string;
  contactPhone: string;
}

/** 工作信息 */
export interface JobInfo {
  title: string;
  /** 工作地点 (GB/T 2260) */
  region: string;
  /** 月薪（元） */
  monthlySalary: number;
  /** 合同期限（年） */
  contractYears: number;
  /** 报到日期 YYYY-MM-DD */
  startDate: string;
  description?: string;
  /** 工作职位类别 code (typings/codes/destination.ts JOB_CATEGORIES): carried into 毕业去向登记 when the agreement is signed */
  jobCategory?: string;
}

/** 档案：where the personnel file goes. */
export interface PersonnelFileInfo {
  transfer: boolean;
  receiver?: string;
  address?: string;
  postcode?: string;
}

/** 户口：where the household registration goes. */
export interface HukouInfo {
  migrate: boolean;
  address?: string;
}

/** 五险一金: which of the six an employer pays for (养老, 医疗, 失业, 工伤, 生育保险, 住房公积金), in that order. */
export type InsuranceKind = 'pension' | 'medical' | 'unemployment' | 'injury' | 'maternity' | 'housingFund';

/**
 * The terms a graduate checks before 应约 beyond the job itself (试用期 or 见习期, 服务期, 违约金, 五险一金, 劳务派遣), as
 * validated data rather than words in 补充条款. Every field is optional, and OfferTerms refers to the whole optionally,
 * so that offers and agreements saved before these terms were asked stay valid and read as before; an absent field means
 * "not agreed" (no 试用期, no 违约金 …), never "unknown". Salary (JobInfo.monthlySalary, 税前), 工作地点 (JobInfo.region)
 * and 其他约定 (OfferTerms.remarks) already exist and are not repeated here. The rules are typings/rules/terms.ts.
 */
export interface StructuredTerms {
  /**
   * 试用期 in months (at most 6; 劳动合同法 第十九条). Kept apart from 见习期 rather than as one tagged field because the
   * paper agreement has both lines and the parties strike one out: a form or an import can fill both, and the rules
   * refuse it by name.
   */
  trialMonths?: number;
  /** 见习期 in months (机关、事业单位 usually a year) */
  internshipMonths?: number;
  /** 服务期 in years: how long the graduate undertakes to stay */
  serviceYears?: number;
  /** 违约金 in 元 (whole yuan); absent or 0: none agreed */
  penaltyYuan?: number;
  /**
   * The employer saw that the 违约金 is above the school's cap and confirmed it anyway. There is no national cap (only
   * folk advice of 5,000 元), so the cap is a warning the employer must confirm, not a refusal; kept in the terms so that
   * the record shows it was confirmed.
   */
  penaltyWarningConfirmed?: boolean;
  /** 五险一金 the employer pays, each at most once */
  insurance?: InsuranceKind[];
  /** 劳务派遣: the graduate is employed by a dispatching unit and works at the employer */
  dispatched?: boolean;
  /** 劳务派遣单位名称: required when `dispatched`, since that unit, not the employer, signs the labour contract */
  dispatchUnitName?: string;
}

/** What an employer fills in for an offer, and what an agreement carries besides the parties. */
export interface OfferTerms {
  job: JobInfo;
  file: PersonnelFileInfo;
  hukou: HukouInfo;
  /** 备注 / 补充条款 (其他约定) */
  remarks?: string;
  /** 试用期/见习期, 服务期, 违约金, 五险一金, 劳务派遣; absent on terms saved before they were asked */
  structured?: StructuredTerms;
  /** 报到证 was abolished in 2023; kept only for legacy records. */
  legacyReportCardUnit?: string;
}

/** 乙方 as printed on the agreement: a snapshot taken when the agreement is created. */
export interface StudentParty {
  studentNo: string;
  name: string;
  gender: string;
  /** masked, e.g. 110101********123X */
  idNumberMasked: string;
  collegeId: string;
  collegeName: string;
  major: string;
  educationLevel: EducationLevel;
  graduationYear: number;
  phone: string;
}

export interface AgreementContent extends OfferTerms {
  student: StudentParty;
  employer: EmployerInfo;
}

/** A stored file, referenced by id; `sha256` is filled by the server. */
export interface Attachment {
  fileId: string;
  sha256: string;
}

/** One field of a check form. */
export interface CheckFieldSpec {
  key: string;
  label: string;
  /** school-owned fields are locked (grey); student fields are editable */
  owner: 'school' | 'student';
  required: boolean;
  type: 'text' | 'phone' | 'email' | 'region' | 'industry' | 'nature' | 'date';
}

/** 毕业去向登记: the unit of a job destination (types 10, 11, 12, 27), as the national sheet reports it. */
export interface DestinationEmployer {
  name: string;
  /** 统一社会信用代码 (Dwzzjgdm) */
  uscc: string;
  /** 单位性质 code */
  nature: string;
  /** 行业: a GB/T 4754 门类 or 大类 (reported as the ministry's two-digit code of its 门类) */
  industry: string;
  /** 单位所在地 (GB/T 2260) */
  region: string;
  /** 工作职位类别 code (typings/codes/destination.ts JOB_CATEGORIES) */
  jobCategory: string;
  jobTitle: string;
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
}

/** 升学 (80): where the graduate studies on. */
export interface StudyInfo {
  school: string;
  programme: string;
  /** 硕士研究生 / 博士研究生 / 专升本 / 第二学士学位 */
  level: string;
}

/** 出国、出境 (85) */
export interface AbroadInfo {
  /** country or region, in Chinese */
  country: string;
  institution: string;
  purpose: 'study' | 'work';
}

/** 自主创业 (75) */
export interface BusinessInfo {
  name: string;
  uscc: string;
  region: string;
}

/** 国家 / 地方基层项目 (50, 51) */
export interface ProjectInfo {
  /** e.g. 三支一扶, 西部计划, 特岗教师, 选调生 */
  name: string;
  serviceUnit: string;
  region: string;
}

/** 应征义务兵 (46) */
export interface EnlistmentInfo {
  /** 入伍通知书编号 */
  noticeNo: string;
  /** 征兵所在地 (GB/T 2260) */
  region: string;
}

/** 自由职业 (76) */
export interface FreelanceInfo {
  description: string;
  region: string;
}

/** 档案转递: who receives the personnel file and where the post must take it. */
export interface ArchiveTransfer {
  /** the employer / a 人才服务中心 / the 生源地's 就业主管部门 / kept at school (up to two years) */
  receiverKind: 'employer' | 'talentCentre' | 'origin' | 'school';
  /** the receiving office's name (not a person's; not needed when kept at school) */
  receiver: string;
  /** full address down to the house number */
  address: string;
  postcode: string;
  phone: string;
}

/** 户口迁移 */
export interface HukouMove {
  migrate: boolean;
  /** where it moves to (required when migrating) */
  address?: string;
  /** the receiving 派出所 */
  policeStation?: string;
}

/**
 * 毕业去向登记's content: the type (毕业去向代码) and only that type's parts (DESTINATION_TYPES[].parts); a part of
 * another type is refused, not ignored.
 */
export interface DestinationContent {
  /** 毕业去向代码, two digits */
  type: string;
  /** 待就业 (70) only: PENDING_KINDS code */
  pendingKind?: string;
  employer?: DestinationEmployer;
  study?: StudyInfo;
  abroad?: AbroadInfo;
  business?: BusinessInfo;
  project?: ProjectInfo;
  enlistment?: EnlistmentInfo;
  freelance?: FreelanceInfo;
  file?: ArchiveTransfer;
  hukou?: HukouMove;
  remarks?: string;
}
