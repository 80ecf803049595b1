/** `import-roster <file>`: the school's roster of graduates (学校名单) from .xlsx or .csv. */
import { defineCommand } from '../define';
import type { ImportKind } from '../import/kind';
import { OPTIONS_HELP, runImport } from '../import/pipeline';
import { parseRosterRow, rosterContext, ROSTER_COLUMNS, type RosterContext, type RosterEntry, type RosterKey } from '../import/roster';
import { checkRosterStore, planRoster } from '../import/rosterStore';
import { loadSettings } from '../../server/app/settings';

export const rosterImport: ImportKind<RosterKey, RosterEntry, RosterContext> = {
  noun: '学生',
  columns: ROSTER_COLUMNS,
  prepare: async (store) => rosterContext((await loadSettings(store)).colleges),
  parseRow: parseRosterRow,
  unique: [
    { column: 'studentNo', normalize: (text) => text.trim() },
    { column: 'idNumber', normalize: (text) => text.replace(/\s/g, '').toUpperCase() },
  ],
  checkStore: checkRosterStore,
  plan: (entries, store, env) => planRoster(entries, store, env),
};

const columns = ROSTER_COLUMNS.map((c) => `${c.header}${c.required ? '*' : ''}`).join('、');

export const importRoster = defineCommand({
  name: 'import-roster',
  summary: '导入毕业生名单（学号、姓名、身份证号、学院、专业、学历、毕业年份及学校维护的生源信息）',
  help: `用法：npm run admin -- import-roster <名单.xlsx|名单.csv> [--partial] [--dry-run] [--report 错误.csv]

导入毕业生名单。第一个工作表中含「学号」「姓名」等列名的行是表头（可在前 10 行内），其下每行一名学生。
列（* 为必填）：${columns}
学院填学校设置中的学院名称或代码；学历填 博士研究生/硕士研究生/本科/专科 或代码 01/11/31/41；
生源地填行政区划代码或省市区名称；性别可不填（按身份证号）。CSV 须为 UTF-8（GBK 会自动识别）。

任何一行有错误时不导入任何数据（除非加 --partial）。再次导入同一名单会更新学校维护的字段，
不改动学生填写的信息、绑定的微信和签约状态。每条新增和更新都记入审计日志。

${OPTIONS_HELP}

示例：
  npm run admin -- import-roster 2026届毕业生名单.xlsx --dry-run
  npm run admin -- import-roster 2026届毕业生名单.xlsx
  npm run admin -- import-roster 名单.csv --partial --report 名单错误.csv`,
  run: (args, ctx) => runImport(rosterImport, args, ctx),
});
