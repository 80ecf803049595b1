/**
 * Prints, after a jest run, the largest setData each mini-program page made in its tests (written by
 * tests/miniprogram/support.ts under reports/setdata/, one file per test file) against issue 16's 64 KB target.
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
  const largest = new Map();
  for (const name of fs.readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const file = path.join(DIR, name);
    if (fs.statSync(file).mtimeMs < since) continue;
    for (const [page, bytes] of Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')))) {
      if (bytes > (largest.get(page) ?? -1)) largest.set(page, bytes);
    }
  }
  if (largest.size === 0) return [];
  const rows = [...largest].sort((a, b) => b[1] - a[1]);
  const over = rows.filter(([, bytes]) => bytes > LIMIT);
  return [
    `largest setData per page in its tests (target ≤ ${kb(LIMIT)}):`,
    ...rows.map(([page, bytes]) => `  ${kb(bytes).padStart(10)}  ${page}${bytes > LIMIT ? '  OVER' : ''}`),
    over.length ? `setData: ${over.length} page(s) over the ${kb(LIMIT)} target` : `setData: every page within ${kb(LIMIT)}: met`,
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
