/** `import-employers <file>`: the school's employer library (单位库) with each unit's HR contact. */
import { defineCommand } from '../define';
import { EMPLOYER_COLUMNS, parseEmployerRow, type EmployerEntry, type EmployerKey } from '../import/employers';
import { checkEmployerStore, planEmployers } from '../import/employerStore';
import type { ImportKind } from '../import/kind';
import { OPTIONS_HELP, runImport } from '../import/pipeline';

export const employerImport: ImportKind<EmployerKey, EmployerEntry, null> = {
  noun: '单位',
  columns: EMPLOYER_COLUMNS,
  prepare: async () => null,
  parseRow: (row) => parseEmployerRow(row),
  unique: [{ column: 'uscc', normalize: (text) => text.replace(/\s/g, '').toUpperCase() }],
  checkStore: checkEmployerStore,
  plan: (entries, store, env, _context, label) => planEmployers(entries, store, env, label),
};

export const importEmployers = defineCommand({
  name: 'import-employers',
  summary: '导入用人单位库（单位名称、统一社会信用代码、性质、行业、所在地、地址、HR 联系人）',
  help: `用法：npm run admin -- import-employers <单位库.xlsx|单位库.csv> [--partial] [--dry-run] [--report 错误.csv]

导入学校的用人单位库，导入的单位即为已认证单位，学生发起签约时可从单位库中选择。
列（均为必填）：${EMPLOYER_COLUMNS.map((c) => c.header).join('、')}
单位性质、行业、单位所在地可填代码或名称；统一社会信用代码按 GB 32100 校验。

按统一社会信用代码识别单位：库中已认证的单位会更新为文件中的信息，其余新增。已自行注册、
等待认证的单位不会被导入覆盖（该行报错），请先在单位审核中处理。
任何一行有错误时不导入任何数据（除非加 --partial）。每条新增和更新都记入审计日志。

${OPTIONS_HELP}

示例：
  npm run admin -- import-employers 单位库.xlsx --dry-run
  npm run admin -- import-employers 单位库.csv --partial --report 单位库错误.csv`,
  run: (args, ctx) => runImport(employerImport, args, ctx),
});
