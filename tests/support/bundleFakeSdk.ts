/** The offline wx-server-sdk stand-in (fakeWxServerSdk.ts) as one CommonJS file, for built bundles to require. */
import path from 'node:path';
import * as esbuild from 'esbuild';

export async function bundleFakeSdk(outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'fakeWxServerSdk.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
}
