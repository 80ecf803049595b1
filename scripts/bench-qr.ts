/**
 * Figures of 回传 matching (server/print/qrMatch): a 3-page upload of the printed demo agreement, each page as an
 * uploader hands it over (a 150 dpi scan as PNG, the same as JPEG, a 200 dpi photo turned by 5° as JPEG, about
 * what a phone's compressed photo of A4 holds), timed page by page (decode, find the QR, match), first run then the
 * median of 5; the whole upload through checkReturn; and, apart, a full-size 300 dpi (8.7 MP) photo, where
 * jpeg-js's decoding of every pixel is most of the time. Figures only: nothing here passes or fails on a number (target: under 300 ms a page).
 * `npx tsx scripts/bench-qr.ts` (or `benchQr()` from the main benchmark).
 */
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkReturn, matchPage, type PrintedAgreement } from '../server/print/qrMatch';
import { printAgreement } from '../server/usecases/printAgreement';
import { DEMO_OPENIDS } from '../server/runtime/seed';
import { signedDemoAgreement } from '../tests/support/agreements';
import { makeSystem } from '../tests/support/harness';
import { rasterise } from '../tests/support/pdf';
import { photographed } from '../tests/support/photo';

export interface QrPageFigures {
  label: string;
  width: number;
  height: number;
  bytes: number;
  /** the page it matched, or the refusal's reason */
  matched: string;
  firstMs: number;
  medianMs: number;
}

export interface QrFigures {
  pages: QrPageFigures[];
  runs: number;
  /** checkReturn over the three images, median */
  uploadMedianMs: number;
  /** a page photographed at full size, outside the upload */
  large: QrPageFigures;
}

const RUNS = 5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

const jpegOf = (png: PNG, quality: number): Buffer => jpeg.encode({ width: png.width, height: png.height, data: png.data }, quality).data;

export async function benchQr(): Promise<QrFigures> {
  const sys = await makeSystem();
  let pdf: Buffer;
  let printed: PrintedAgreement;
  try {
    const agreement = await signedDemoAgreement(sys);
    const result = await sys.ok(printAgreement, DEMO_OPENIDS.student, { agreementId: agreement._id });
    pdf = (await sys.files.read(result.fileId))!;
    printed = { agreementNo: result.agreementNo, code: result.verificationCode, pages: result.pages };
  } finally {
    await sys.close();
  }
  const scan1 = rasterise(pdf, 1, 150);
  const scan2 = rasterise(pdf, 2, 150);
  const photo3 = photographed(rasterise(pdf, 3, 200), { degrees: 5, scale: 0.9 });
  const large = photographed(rasterise(pdf, 3, 300), { degrees: 5, scale: 0.9 });
  const upload: { label: string; image: PNG; bytes: Buffer }[] = [
    { label: 'page 1, 150 dpi scan, PNG', image: scan1, bytes: PNG.sync.write(scan1) },
    { label: 'page 2, 150 dpi scan, JPEG q85', image: scan2, bytes: jpegOf(scan2, 85) },
    { label: 'page 3, 200 dpi photo turned 5°, JPEG q80', image: photo3, bytes: jpegOf(photo3, 80) },
  ];

  const figures = ({ label, image, bytes }: { label: string; image: PNG; bytes: Buffer }): QrPageFigures => {
    const [match, firstMs] = timed(() => matchPage(bytes, printed));
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(timed(() => matchPage(bytes, printed))[1]);
    return {
      label,
      width: image.width,
      height: image.height,
      bytes: bytes.length,
      matched: match.ok ? `page ${match.page}/${match.pages}` : match.reason,
      firstMs,
      medianMs: median(runs),
    };
  };
  const pages = upload.map(figures);
  const uploadRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) uploadRuns.push(timed(() => checkReturn(upload.map((u) => u.bytes), printed))[1]);
  const big = figures({ label: 'apart: page 3, 300 dpi photo (8.7 MP) turned 5°, JPEG q80', image: large, bytes: jpegOf(large, 80) });
  return { pages, runs: RUNS, uploadMedianMs: median(uploadRuns), large: big };
}

export function describeQr(f: QrFigures): string[] {
  const line = (p: QrPageFigures) =>
    `  ${p.label}: ${p.width}×${p.height}, ${(p.bytes / 1024).toFixed(0)} KB → ${p.matched}; first ${p.firstMs.toFixed(0)} ms, median ${p.medianMs.toFixed(0)} ms of ${f.runs}`;
  return [
    `QR matching of a 3-page 回传 (the demo agreement's pages as uploaded; ms per page, target < 300 ms):`,
    ...f.pages.map(line),
    `  the whole upload (checkReturn): median ${f.uploadMedianMs.toFixed(0)} ms, ${(f.uploadMedianMs / f.pages.length).toFixed(0)} ms a page`,
    line(f.large),
  ];
}

if (require.main === module) {
  benchQr().then(
    (f) => console.log(describeQr(f).join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
