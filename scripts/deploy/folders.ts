/**
 * The disk side of the deploy plan: reading function folders into snapshots, and staging exactly the planned files
 * of a function into a folder of their own, which is what is zipped and uploaded (nothing else can slip in).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { folderOf } from '../build';
import type { FileEntry, FolderSnapshot, FunctionPlan } from './plan';

function listFiles(dir: string, prefix = ''): FileEntry[] {
  const out: FileEntry[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // installed in the cloud from package.json, never uploaded
    if (entry.name === 'node_modules') continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, rel));
    else if (entry.isFile()) out.push({ path: rel, bytes: statSync(full).size });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

const readIf = (file: string): string | null => (existsSync(file) ? readFileSync(file, 'utf8') : null);

/** The folders of these functions that exist under `root`/cloudfunctions. */
export function readFolders(names: readonly string[], root: string): FolderSnapshot[] {
  return names
    .filter((name) => existsSync(folderOf(name, root)))
    .map((name) => {
      const dir = folderOf(name, root);
      return { name, files: listFiles(dir), configJson: readIf(path.join(dir, 'config.json')), packageJson: readIf(path.join(dir, 'package.json')) };
    });
}

/** Copies the function's planned files into `stageRoot/<name>` (emptied first); returns that folder. */
export function stage(fn: FunctionPlan, root: string, stageRoot: string): string {
  const target = path.join(stageRoot, fn.name);
  rmSync(target, { recursive: true, force: true });
  for (const file of fn.files) {
    const to = path.join(target, file.path);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(folderOf(fn.name, root), file.path), to);
  }
  return target;
}
