/** 单位库 rows: a unit of the school's employer library with its HR contact. */
import type { EmployerInfo } from '../../typings';
import type { EmployerField } from '../../typings/rules/employer';
import { isPhone, isUscc, isUsccAlphabet } from '../../typings/rules/identifiers';
import { industry, nature, region, type Lookup } from './codes';
import type { ColumnSpec } from './columns';
import type { RowReader } from './rows';

export type EmployerKey = EmployerField;

const col = (key: EmployerKey, header: string, aliases: string[]): ColumnSpec<EmployerKey> => ({ key, header, required: true, aliases });

export const EMPLOYER_COLUMNS: readonly ColumnSpec<EmployerKey>[] = [
  col('name', '单位名称', ['用人单位', '用人单位名称', '企业名称']),
  col('uscc', '统一社会信用代码', ['社会信用代码', '信用代码', '统一信用代码']),
  col('nature', '单位性质', ['单位性质代码', '企业性质']),
  col('industry', '行业', ['单位行业', '所属行业', '行业代码']),
  col('region', '单位所在地', ['所在地', '所在地区', '单位所在地区', '所在地代码', '单位所在地代码']),
  col('address', '地址', ['单位地址', '详细地址', '通讯地址', '联系地址']),
  col('contactName', 'HR 姓名', ['HR姓名', '联系人', '联系人姓名', '人事联系人']),
  col('contactPhone', 'HR 电话', ['HR电话', 'HR手机', '联系电话', '联系人电话', '联系方式']),
];

export type EmployerEntry = Omit<EmployerInfo, 'employerId'> & { row: number };

function usccOf(r: RowReader<EmployerKey>): string | undefined {
  const raw = r.text('uscc', { required: true });
  if (raw === undefined) return undefined;
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (value.length !== 18) return r.problem('uscc', `应为 18 位，现为 ${value.length} 位`);
  if (!isUsccAlphabet(value)) return r.problem('uscc', '含有无效字符（只用数字和除 I、O、Z、S、V 以外的大写字母）');
  return isUscc(value) ? value : r.problem('uscc', '校验位不正确，请核对代码');
}

function coded(r: RowReader<EmployerKey>, key: EmployerKey, lookup: (v: string) => Lookup): string | undefined {
  const value = r.text(key, { required: true });
  if (value === undefined) return undefined;
  const found = lookup(value);
  return 'code' in found ? found.code : r.problem(key, found.problem);
}

export function parseEmployerRow(r: RowReader<EmployerKey>): EmployerEntry | null {
  const name = r.text('name', { required: true, max: 100 });
  const uscc = usccOf(r);
  const natureCode = coded(r, 'nature', nature);
  const industryCode = coded(r, 'industry', industry);
  const regionCode = coded(r, 'region', region);
  const address = r.text('address', { required: true, max: 200 });
  const contactName = r.text('contactName', { required: true, max: 30 });
  const rawPhone = r.text('contactPhone', { required: true });
  const contactPhone = rawPhone === undefined ? undefined : rawPhone.replace(/\s/g, '');
  if (contactPhone !== undefined && !isPhone(contactPhone)) r.problem('contactPhone', `「${rawPhone}」不是有效的手机号码或带区号的固定电话`);
  if (r.issues.length > 0) return null;
  if (!name || !uscc || !natureCode || !industryCode || !regionCode || !address || !contactName || !contactPhone) return null;
  return { row: r.row, name, uscc, nature: natureCode, industry: industryCode, region: regionCode, address, contactName, contactPhone };
}
