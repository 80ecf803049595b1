/** School settings: one document, with defaults for everything a fresh install has not set. */
import type { PublicSettings } from '../../typings';
import type { SettingsDoc } from '../domain/types';
import type { Store } from '../store/port';

export const SETTINGS_ID = 'school';

export const DEFAULT_SETTINGS: SettingsDoc = {
  _id: SETTINGS_ID,
  version: 0,
  schoolCode: '10000',
  schoolName: '示例大学',
  colleges: [],
  allowStudentInitiate: true,
  allowStudentTermination: true,
  terminationGuide: '请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。',
  offerTtlDays: 14,
  printCopies: 4,
  templates: {},
};

export async function loadSettings(store: Store): Promise<SettingsDoc> {
  const doc = await store.get('settings', SETTINGS_ID);
  return doc ? { ...DEFAULT_SETTINGS, ...doc } : DEFAULT_SETTINGS;
}

export const publicSettings = (s: SettingsDoc): PublicSettings => ({
  allowStudentInitiate: s.allowStudentInitiate,
  allowStudentTermination: s.allowStudentTermination,
  terminationGuide: s.terminationGuide,
  offerTtlDays: s.offerTtlDays,
  printCopies: s.printCopies,
  templates: s.templates,
});

export const collegeName = (s: SettingsDoc, collegeId: string): string =>
  s.colleges.find((c) => c.id === collegeId)?.name ?? collegeId;
