/**
 * Prints, after a jest run, the largest setData each mini-program page made in its tests (written by
 * tests/miniprogram/support.ts under reports/setdata/, one file per test file) against the 64 KB target.
 * Plain CommonJS because jest loads reporters without the ts transform; `npm run size` prints the same table.
 */
const fs = require('node:fs');
const path = require('node:path');

const DIR = path.resolve(__dirname, '../../reports/setdata');
const LIMIT = 64 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The table's lines, from the files written at or after `since` (ms; 0 = all); [] when there are none. */
function summary(since = 0) {
  if (!fs.existsSync(DIR)) return [];
  const own = new Map();
  const components = new Map();
  const keep = (map, page, bytes) => {
    if (bytes > (map.get(page) ?? -1)) map.set(page, bytes);
  };
  for (const name of fs.readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const file = path.join(DIR, name);
    if (fs.statSync(file).mtimeMs < since) continue;
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [page, bytes] of Object.entries(record.own ?? {})) keep(own, page, bytes);
    for (const [page, bytes] of Object.entries(record.components ?? {})) keep(components, page, bytes);
  }
  // a page's own setData is one of its setData with components, whichever page the support counted it under
  for (const [page, bytes] of own) keep(components, page, bytes);
  if (own.size === 0) return [];
  const rows = [...own].sort((a, b) => b[1] - a[1]);
  const mark = (bytes) => (bytes > LIMIT ? ' OVER' : '');
  const overOwn = rows.filter(([, bytes]) => bytes > LIMIT).length;
  const overComponents = [...components.values()].filter((bytes) => bytes > LIMIT).length;
  return [
    `largest setData per page in its tests (target ≤ ${kb(LIMIT)}): the page's own | the page with its components`,
    ...rows.map(([page, bytes]) => {
      const c = components.get(page) ?? 0;
      return `  ${(kb(bytes) + mark(bytes)).padStart(13)} | ${(kb(c) + mark(c)).padStart(13)}  ${page}`;
    }),
    `setData, pages' own: ${overOwn ? `${overOwn} page(s) over ${kb(LIMIT)}: MISSED` : `every page within ${kb(LIMIT)}: met`}`,
    `setData, with components: ${overComponents ? `${overComponents} page(s) with a component over ${kb(LIMIT)}: MISSED` : `every page within ${kb(LIMIT)}: met`}`,
  ];
}

class SetDataReporter {
  onRunStart() {
    this.started = Date.now();
  }

  onRunComplete() {
    const lines = summary(this.started ?? 0);
    if (lines.length) console.log(`\n${lines.join('\n')}`);
  }
}

module.exports = SetDataReporter;
module.exports.summary = summary;
