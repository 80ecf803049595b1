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

/** What an employer fills in for an offer, and what an agreement carries besides the parties. */
export interface OfferTerms {
  job: JobInfo;
  file: PersonnelFileInfo;
  hukou: HukouInfo;
  /** 备注 / 补充条款 */
  remarks?: string;
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
