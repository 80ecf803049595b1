/**
 * A unit's fields as a form holds them: typed in by its HR contact in 单位注册, and by a student in 学生发起签约
 * when the unit is not in the school's library. Both send them alike.
 */
import type { EmployerFields } from '../rules/employer';
import { normaliseUscc } from '../rules/identifiers';

export const emptyEmployer = (): EmployerFields => ({
  name: '',
  uscc: '',
  nature: '',
  industry: '',
  region: '',
  address: '',
  contactName: '',
  contactPhone: '',
});

/** The unit as sent: trimmed, the credit code in upper case as the server keeps it. */
export const sentEmployer = (e: EmployerFields): EmployerFields => ({
  name: e.name.trim(),
  uscc: normaliseUscc(e.uscc),
  nature: e.nature,
  industry: e.industry,
  region: e.region,
  address: e.address.trim(),
  contactName: e.contactName.trim(),
  contactPhone: e.contactPhone.trim(),
});
