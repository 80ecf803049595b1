import type { EmployerInfo, StudentParty } from '../../typings';
import { employerFields } from '../../typings/rules/employer';
import { maskIdNumber } from './identifiers';
import type { EmployerDoc, StudentDoc, StudentKeys } from './types';

/** 乙方 as the agreement prints it; the phone comes from the student's own (approved) source check. */
export const studentParty = (s: StudentDoc, phone: string): StudentParty => ({
  studentNo: s.studentNo,
  name: s.name,
  gender: s.gender,
  idNumberMasked: maskIdNumber(s.idNumber),
  collegeId: s.collegeId,
  collegeName: s.collegeName,
  major: s.major,
  educationLevel: s.educationLevel,
  graduationYear: s.graduationYear,
  phone,
});

export const studentKeys = (s: StudentDoc): StudentKeys => ({
  studentNo: s.studentNo,
  studentName: s.name,
  collegeId: s.collegeId,
  major: s.major,
});

/** 甲方 from the employer library: a snapshot, so that later edits of the library entry do not rewrite sent offers. */
export const employerParty = (e: EmployerDoc): EmployerInfo & { employerId: string } => ({
  employerId: e._id,
  ...employerFields(e),
});
