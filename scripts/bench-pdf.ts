/**
 * Figures of the printed agreement: PDF size, pages and generation time (first render in the process, which reads
 * the font and warms the code, then the median of 5), and printAgreement's answer time when it renders and when
 * it reuses the stored file. Figures only: nothing here passes or fails on a number.
 * `npx tsx scripts/bench-pdf.ts` (or `benchPdf()` from the main benchmark).
 */
import { printAgreement, printRecord } from '../server/usecases/printAgreement';
import { renderAgreementPdf } from '../server/print/render';
import { DEMO_OPENIDS } from '../server/runtime/seed';
import { loadSettings } from '../server/app/settings';
import { signedDemoAgreement } from '../tests/support/agreements';
import { makeSystem } from '../tests/support/harness';

export interface PdfFigures {
  bytes: number;
  pages: number;
  firstRenderMs: number;
  medianRenderMs: number;
  renderRuns: number;
  printRenderingMs: number;
  printReusingMs: number;
}

const RUNS = 5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

export async function benchPdf(): Promise<PdfFigures> {
  const sys = await makeSystem();
  try {
    const agreement = await signedDemoAgreement(sys);
    const settings = await loadSettings(sys.store);
    const input = { ...agreement, agreementNo: agreement.agreementNo!, signedAt: agreement.signedAt! };
    const record = await printRecord(sys.store, agreement);
    const [pdf, firstRenderMs] = await timed(() => renderAgreementPdf(input, settings, record));
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push((await timed(() => renderAgreementPdf(input, settings, record)))[1]);
    const [, printRenderingMs] = await timed(() => sys.ok(printAgreement, DEMO_OPENIDS.student, { agreementId: agreement._id }));
    const [, printReusingMs] = await timed(() => sys.ok(printAgreement, DEMO_OPENIDS.student, { agreementId: agreement._id }));
    return {
      bytes: pdf.bytes.length,
      pages: pdf.pages,
      firstRenderMs,
      medianRenderMs: median(runs),
      renderRuns: RUNS,
      printRenderingMs,
      printReusingMs,
    };
  } finally {
    await sys.close();
  }
}

export function describePdf(f: PdfFigures): string[] {
  return [
    `PDF of the demo agreement: ${(f.bytes / 1024).toFixed(1)} KB, ${f.pages} pages (target < 200 KB)`,
    `generation: first ${f.firstRenderMs.toFixed(0)} ms (reads the font), then median ${f.medianRenderMs.toFixed(0)} ms of ${f.renderRuns} (target < 1 s)`,
    `printAgreement on SQLite and local files: ${f.printRenderingMs.toFixed(0)} ms rendering, ${f.printReusingMs.toFixed(0)} ms reusing the stored file`,
  ];
}

if (require.main === module) {
  benchPdf().then(
    (f) => console.log(describePdf(f).join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
