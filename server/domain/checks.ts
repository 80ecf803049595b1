/**
 * 生源信息核查 and 就业信息核验: what the school says each field is, and the student's save, submit, withdraw and
 * restore as one pure decision over the loaded check. School-owned fields always hold the school's value; the
 * student's attempt to change one is refused, never silently dropped, so the form can say whom to ask.
 */
import { EDUCATION_LEVELS, type CheckFieldSpec, type CheckKind, type FieldIssue } from '../../typings';
import { isIndustryCode, isNatureCode, isRegionCode } from '../../typings/codes';
import { checkId, FIELDS } from './checkFields';
import { refuse } from './errors';
import { isEmail, isPhone } from './identifiers';
import { ruleFor, step } from './machine';
import { studentKeys } from './parties';
import type { Decided, Env } from './decision';
import type { AgreementDoc, CheckDoc, StudentDoc, Tracked } from './types';

export const LOCKED_MESSAGE = '该项由学校维护，如有错误请联系辅导员或就业指导中心';

/** 毕业去向 of a student whose tripartite agreement is signed. */
export const SIGNED_DESTINATION = '签就业协议形式就业';

/** Drops empty values: a field the school has no value for has no school value at all. */
const present = (values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''),
  );

/** The school-owned values of a source check, from the roster entry. */
export function sourceSchoolValues(s: StudentDoc): Record<string, string> {
  return {
    studentNo: s.studentNo,
    name: s.name,
    gender: s.gender,
    idNumber: s.idNumber,
    collegeName: s.collegeName,
    major: s.major,
    educationLevel: EDUCATION_LEVELS[s.educationLevel],
    graduationYear: String(s.graduationYear),
    ...s.source,
  };
}

/** What a signed agreement says about the student's employment, by employment-check field key. */
export function agreementEmployment(a: AgreementDoc): Record<string, string> {
  const { employer, job, file, hukou } = a.content;
  return present({
    destination: SIGNED_DESTINATION,
    employerName: employer.name,
    uscc: employer.uscc,
    nature: employer.nature,
    industry: employer.industry,
    employerRegion: employer.region,
    jobTitle: job.title,
    fileReceiver: file.transfer ? file.receiver : undefined,
    hukouAddress: hukou.migrate ? hukou.address : undefined,
  });
}

/**
 * The school's employment record: what its own library holds (`student.employment`) over what the student's signed
 * agreement says, and the roster's identity fields over both.
 */
export function employmentSchoolValues(s: StudentDoc, activeAgreement: AgreementDoc | null): Record<string, string> {
  const signed = activeAgreement?.state === 'signed' ? agreementEmployment(activeAgreement) : {};
  // a blank entry in the school's library does not hide what the agreement says
  return present({
    ...signed,
    ...present(s.employment),
    studentNo: s.studentNo,
    name: s.name,
    collegeName: s.collegeName,
    major: s.major,
  });
}

const isDate = (v: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};

/** Why a student's value does not fit its field, or null when it does. */
export function formatProblem(spec: CheckFieldSpec, value: string): string | null {
  switch (spec.type) {
    case 'text':
      return null;
    case 'phone':
      return isPhone(value) ? null : `${spec.label}格式不正确`;
    case 'email':
      return isEmail(value) ? null : `${spec.label}格式不正确`;
    case 'date':
      return isDate(value) ? null : `${spec.label}格式应为 YYYY-MM-DD`;
    case 'region':
      return isRegionCode(value) ? null : `${spec.label}不在标准代码表中`;
    case 'industry':
      return isIndustryCode(value) ? null : `${spec.label}不在标准代码表中`;
    case 'nature':
      return isNatureCode(value) ? null : `${spec.label}不在标准代码表中`;
    default: {
      const unknown: never = spec.type;
      return `未知字段类型 ${String(unknown)}`;
    }
  }
}

interface Problem extends FieldIssue {
  /** the top-line message, naming the field */
  summary: string;
}

const issue = (key: string, message: string, summary = message): Problem => ({ path: `fields.${key}`, message, summary });

function refuseProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  refuse(
    'INVALID_INPUT',
    [...new Set(problems.map((p) => p.summary))].join('；'),
    problems.map(({ path, message }) => ({ path, message })),
  );
}

/**
 * Applies the student's edits over the current values. '' clears a student field. A school field may be sent back
 * unchanged (forms post every field) but never changed.
 */
function applyEdits(
  specs: readonly CheckFieldSpec[],
  current: Record<string, string>,
  school: Record<string, string>,
  edits: Record<string, string>,
): { fields: Record<string, string>; problems: Problem[] } {
  const fields = { ...current };
  const problems: Problem[] = [];
  for (const [key, raw] of Object.entries(edits)) {
    const spec = specs.find((s) => s.key === key);
    const value = raw.trim();
    if (!spec) {
      problems.push(issue(key, '表单中没有该项'));
    } else if (spec.owner === 'school') {
      if (value !== (school[key] ?? '')) problems.push(issue(key, LOCKED_MESSAGE, `${spec.label}由学校维护，如有错误请联系辅导员或就业指导中心`));
    } else if (value === '') {
      delete fields[key];
    } else {
      const problem = formatProblem(spec, value);
      if (problem) problems.push(issue(key, problem));
      fields[key] = value;
    }
  }
  return { fields, problems };
}

/** Before submission: every required student field filled, every filled one well formed. */
function completeness(specs: readonly CheckFieldSpec[], fields: Record<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const spec of specs) {
    if (spec.owner !== 'student') continue;
    const value = fields[spec.key];
    if (value === undefined) {
      if (spec.required) problems.push(issue(spec.key, `请填写${spec.label}`));
      continue;
    }
    const problem = formatProblem(spec, value);
    if (problem) problems.push(issue(spec.key, problem));
  }
  return problems;
}

/** Locked fields always carry the school's current value, whatever was stored before. */
export function withSchoolFields(
  specs: readonly CheckFieldSpec[],
  fields: Record<string, string>,
  school: Record<string, string>,
): Record<string, string> {
  const result = { ...fields };
  for (const spec of specs) {
    if (spec.owner !== 'school') continue;
    const value = school[spec.key];
    if (value === undefined) delete result[spec.key];
    else result[spec.key] = value;
  }
  return result;
}

/** 还原学校信息 applies only to a student field the school has a value for. */
function restorable(
  specs: readonly CheckFieldSpec[],
  school: Record<string, string>,
  key: string,
): { value: string } | { problem: string } {
  const spec = specs.find((s) => s.key === key);
  if (!spec) return { problem: '表单中没有该项' };
  if (spec.owner === 'school') return { problem: '该项由学校维护，无需还原' };
  const value = school[key];
  return value === undefined ? { problem: '学校库中没有该项信息，无法还原' } : { value };
}

export type CheckCommand =
  | { action: 'save'; fields: Record<string, string> }
  | { action: 'submit'; fields?: Record<string, string> }
  | { action: 'withdraw' }
  | { action: 'restore'; field: string };

/**
 * One student action on their check. `school` is the school's values for this kind (sourceSchoolValues or
 * employmentSchoolValues); a new check starts from them, so the form opens filled with what the school knows.
 */
/**
 * A check as its next save would store it: the school-owned fields and the school's values refreshed from `school`.
 * A draft or returned check shows this, so a roster re-imported since the last save is seen at once; a submitted or
 * approved check keeps what the student confirmed.
 */
export function withCurrentSchool(check: CheckDoc, school: Record<string, string>): CheckDoc {
  return { ...check, fields: withSchoolFields(FIELDS[check.kind], check.fields, school), schoolValues: school };
}

export function decideCheck(input: {
  env: Env;
  kind: CheckKind;
  student: StudentDoc;
  check: CheckDoc | null;
  school: Record<string, string>;
  command: CheckCommand;
}): Decided & { check: CheckDoc } {
  const { env, kind, student, check, school, command } = input;
  const specs = FIELDS[kind];
  ruleFor('check', command.action, check?.state ?? null, env.actor.role);
  const base = check?.fields ?? school;

  let patch: Partial<Omit<CheckDoc, keyof Tracked | 'state'>> = {};
  switch (command.action) {
    case 'save':
    case 'submit': {
      const { fields, problems } = applyEdits(specs, base, school, command.fields ?? {});
      const submitting = command.action === 'submit';
      const all = submitting ? [...problems, ...completeness(specs, fields).filter((p) => !problems.some((q) => q.path === p.path))] : problems;
      refuseProblems(all);
      patch = {
        fields: withSchoolFields(specs, fields, school),
        schoolValues: school,
        ...(submitting ? { submittedAt: env.now, reason: undefined } : {}),
      };
      break;
    }
    case 'restore': {
      const restored = restorable(specs, school, command.field);
      if ('problem' in restored) return refuse('INVALID_INPUT', restored.problem, [{ path: 'field', message: restored.problem }]);
      patch = { fields: withSchoolFields(specs, { ...base, [command.field]: restored.value }, school), schoolValues: school };
      break;
    }
    case 'withdraw':
      break;
    default: {
      const unknown: never = command;
      return refuse('INVALID_TRANSITION', `未知操作 ${String(unknown)}`);
    }
  }

  const id = check?._id ?? checkId(kind, student.studentNo);
  const stepped = step<'check', CheckDoc>({
      kind: 'check',
      current: check,
      id,
      action: command.action,
      actor: env.actor,
      now: env.now,
      patch: { kind, ...studentKeys(student), ...patch },
    });
  return {
    check: stepped.doc,
    writes: [{ collection: 'checks', doc: stepped.doc, expectedVersion: check?.version ?? 0 }],
    audit: [stepped.audit],
    outbox: [],
  };
}

/** Fields where the student's value differs from the school's (the form's red mark). */
export function mismatches(check: Pick<CheckDoc, 'kind' | 'fields' | 'schoolValues'>): string[] {
  return FIELDS[check.kind]
    .filter((s) => s.owner === 'student' && check.schoolValues[s.key] !== undefined)
    .filter((s) => (check.fields[s.key] ?? '') !== check.schoolValues[s.key])
    .map((s) => s.key);
}
