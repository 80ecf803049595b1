/**
 * Uploading a function's code the way WeChat DevTools does, through miniprogram-ci (`ci.cloud.uploadFunction`): the
 * one upload that makes WeChat register the openapi permissions of the folder's config.json. The CloudBase API that
 * creates and configures functions (./cloud.ts) has no field for them.
 *
 * It needs the mini program's AppID and its code upload key (小程序后台 → 开发管理 → 开发设置 → 小程序代码上传, with
 * the deploying machine's IP on the key's whitelist). Behind one small interface: the real one loads miniprogram-ci
 * only when a key is given; tests put a recording fake in its place.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';

export interface CodeUploader {
  /**
   * Uploads the staged folder (config.json included) as the code of an existing function, the cloud installing its
   * dependencies; resolves when the function is active again.
   */
  upload(name: string, dir: string): Promise<{ files: number; bytes: number }>;
}

export interface UploadKey {
  appid: string;
  /** the key file as downloaded (private.<appid>.key) */
  keyFile: string;
}

export const UPLOAD_KEY_VARS = ['WX_APPID', 'WX_UPLOAD_KEY_FILE'] as const;

const APPID = /^wx[0-9a-f]{16}$/i;

/**
 * The upload key from the environment: absent when neither variable is set (the deploy then warns), a problem in
 * words naming the variable when one is missing or wrong (the deploy stops), else the key.
 */
export function uploadKeyFrom(env: NodeJS.ProcessEnv): UploadKey | { absent: true } | { problem: string } {
  const appid = env.WX_APPID?.trim() ?? '';
  const keyFile = env.WX_UPLOAD_KEY_FILE?.trim() ?? '';
  if (!appid && !keyFile) return { absent: true };
  if (!appid) return { problem: 'WX_UPLOAD_KEY_FILE 已设置，还缺 WX_APPID（小程序的 AppID，形如 wx0123456789abcdef）' };
  if (!keyFile) return { problem: 'WX_APPID 已设置，还缺 WX_UPLOAD_KEY_FILE（代码上传密钥文件的路径，形如 private.wx0123456789abcdef.key）' };
  if (!APPID.test(appid)) return { problem: `WX_APPID「${appid}」不是小程序的 AppID（wx 加 16 位十六进制字符）` };
  if (!existsSync(keyFile)) return { problem: `WX_UPLOAD_KEY_FILE 指向的文件不存在：${keyFile}` };
  if (!statSync(keyFile).isFile()) return { problem: `WX_UPLOAD_KEY_FILE 须是密钥文件，不是文件夹：${keyFile}` };
  // the file as 开发设置 hands it out; a wrong file (the AppSecret, a key of another kind) is told here, not by a
  // signature refusal from WeChat minutes into the deploy
  if (!readFileSync(keyFile, 'utf8').includes('PRIVATE KEY-----')) {
    return { problem: `WX_UPLOAD_KEY_FILE 不是代码上传密钥（应为下载的 private.${appid}.key，内含 BEGIN RSA PRIVATE KEY）：${keyFile}` };
  }
  return { appid, keyFile };
}

/**
 * The real uploader, for the environment `envId`. `projectPath` is any folder (miniprogram-ci lists it once): the
 * staging folder, which holds only what goes up. miniprogram-ci prints its own progress lines as it goes.
 */
export async function connectCi(key: UploadKey, envId: string, projectPath: string): Promise<CodeUploader> {
  const ci = await import('miniprogram-ci');
  mkdirSync(projectPath, { recursive: true });
  const project = new ci.Project({ appid: key.appid, type: 'miniProgram', projectPath, privateKeyPath: key.keyFile });
  return {
    async upload(name, dir) {
      // remoteNpmInstall: node_modules stays home and the cloud installs wx-server-sdk, as with manager-node.
      // uploadFunction creates a missing function with runtime Nodejs8.9 and a 3 s timeout, so the deploy only ever
      // calls it for a function that exists (created through ./cloud.ts first).
      const result = await ci.cloud.uploadFunction({ project, env: envId, name, path: dir, remoteNpmInstall: true });
      return { files: result.filesCount, bytes: result.packSize };
    },
  };
}
