/**
 * The demo agreement's printed PDF, rendered to PNG pages for a person to look at: gallery/agreement.pdf and
 * gallery/agreement-p1.png, -p2.png… (`npm run gallery:pdf`; needs pdftoppm from Debian's poppler-utils).
 * The agreement is made as in real use: 张三 accepts the demo offer, college and school approve it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderAgreementPdf } from '../server/print/render';
import { loadSettings } from '../server/app/settings';
import { printRecord } from '../server/usecases/printAgreement';
import { signedDemoAgreement } from '../tests/support/agreements';
import { makeSystem } from '../tests/support/harness';

export async function galleryPdf(outDir = path.resolve(__dirname, '../gallery'), dpi = 110): Promise<string[]> {
  const sys = await makeSystem();
  try {
    const agreement = await signedDemoAgreement(sys);
    const pdf = await renderAgreementPdf(
      { ...agreement, agreementNo: agreement.agreementNo!, signedAt: agreement.signedAt! },
      await loadSettings(sys.store),
      await printRecord(sys.store, agreement),
    );
    mkdirSync(outDir, { recursive: true });
    for (const old of readdirSync(outDir).filter((f) => /^agreement-p\d+\.png$/.test(f))) rmSync(path.join(outDir, old));
    writeFileSync(path.join(outDir, 'agreement.pdf'), pdf.bytes);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', path.join(outDir, 'agreement.pdf'), path.join(outDir, 'agreement-p')]);
    // pdftoppm numbers pages with as many digits as the count needs: agreement-p-1.png → agreement-p1.png
    const pngs = readdirSync(outDir).filter((f) => /^agreement-p-\d+\.png$/.test(f)).sort();
    return pngs.map((f) => {
      const to = path.join(outDir, f.replace(/^agreement-p-0*(\d+)\.png$/, 'agreement-p$1.png'));
      renameSync(path.join(outDir, f), to);
      return to;
    });
  } finally {
    await sys.close();
  }
}

if (require.main === module) {
  galleryPdf().then(
    (files) => console.log(files.map((f) => path.relative(process.cwd(), f)).join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
