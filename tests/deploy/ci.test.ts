/**
 * The miniprogram-ci adapter (scripts/deploy/ci.ts) with the package replaced by a recorder (it cannot run offline):
 * the project it opens with the code upload key, and the cloud upload it asks for. And reading the key from the
 * environment: every wrong value is told in words, naming the variable.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectCi, uploadKeyFrom } from '../../scripts/deploy/ci';

const calls: unknown[][] = [];

jest.mock('miniprogram-ci', () => ({
  Project: jest.fn().mockImplementation((options: unknown) => {
    calls.push(['new Project', options]);
    return { appid: 'wx0123456789abcdef' };
  }),
  cloud: {
    uploadFunction: async (options: { project: unknown }) => {
      calls.push(['uploadFunction', { ...options, project: options.project === undefined ? undefined : 'the project' }]);
      return { filesCount: 3, packSize: 41_000 };
    },
  },
}));

describe('the miniprogram-ci adapter', () => {
  let dir: string;
  beforeEach(() => {
    calls.length = 0;
    dir = mkdtempSync(path.join(tmpdir(), 'wq-ci-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the project with the AppID and key file, and uploads a folder as the function\'s code with the cloud installing dependencies', async () => {
    const key = { appid: 'wx0123456789abcdef', keyFile: path.join(dir, 'private.wx0123456789abcdef.key') };
    const uploader = await connectCi(key, 'school-test-1a2b', path.join(dir, 'dist/deploy'));
    expect(await uploader.upload('review', path.join(dir, 'dist/deploy/review'))).toEqual({ files: 3, bytes: 41_000 });
    expect(calls).toEqual([
      ['new Project', { appid: 'wx0123456789abcdef', type: 'miniProgram', projectPath: path.join(dir, 'dist/deploy'), privateKeyPath: key.keyFile }],
      ['uploadFunction', { project: 'the project', env: 'school-test-1a2b', name: 'review', path: path.join(dir, 'dist/deploy/review'), remoteNpmInstall: true }],
    ]);
  });
});

describe('uploadKeyFrom: WX_APPID and WX_UPLOAD_KEY_FILE', () => {
  let dir: string;
  let keyFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-key-'));
    keyFile = path.join(dir, 'private.wx0123456789abcdef.key');
    writeFileSync(keyFile, '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is absent when neither is set (blank counts as unset), and the key when both are right', () => {
    expect(uploadKeyFrom({})).toEqual({ absent: true });
    expect(uploadKeyFrom({ WX_APPID: ' ', WX_UPLOAD_KEY_FILE: '' })).toEqual({ absent: true });
    expect(uploadKeyFrom({ WX_APPID: ' wx0123456789ABCDEF ', WX_UPLOAD_KEY_FILE: keyFile })).toEqual({ appid: 'wx0123456789ABCDEF', keyFile });
  });

  it('names the variable that is missing or wrong', () => {
    expect(uploadKeyFrom({ WX_APPID: 'wx0123456789abcdef' })).toEqual({ problem: expect.stringMatching(/^WX_APPID 已设置，还缺 WX_UPLOAD_KEY_FILE/) });
    expect(uploadKeyFrom({ WX_UPLOAD_KEY_FILE: keyFile })).toEqual({ problem: expect.stringMatching(/^WX_UPLOAD_KEY_FILE 已设置，还缺 WX_APPID/) });
    expect(uploadKeyFrom({ WX_APPID: 'wx0123', WX_UPLOAD_KEY_FILE: keyFile })).toEqual({ problem: expect.stringMatching(/^WX_APPID「wx0123」不是小程序的 AppID/) });
    expect(uploadKeyFrom({ WX_APPID: 'wx0123456789abcdef', WX_UPLOAD_KEY_FILE: dir })).toEqual({ problem: `WX_UPLOAD_KEY_FILE 须是密钥文件，不是文件夹：${dir}` });
    expect(uploadKeyFrom({ WX_APPID: 'wx0123456789abcdef', WX_UPLOAD_KEY_FILE: path.join(dir, 'gone.key') })).toEqual({
      problem: `WX_UPLOAD_KEY_FILE 指向的文件不存在：${path.join(dir, 'gone.key')}`,
    });
    const secret = path.join(dir, 'secret.txt');
    writeFileSync(secret, 'f'.repeat(32));
    expect(uploadKeyFrom({ WX_APPID: 'wx0123456789abcdef', WX_UPLOAD_KEY_FILE: secret })).toEqual({
      problem: expect.stringMatching(/^WX_UPLOAD_KEY_FILE 不是代码上传密钥（应为下载的 private\.wx0123456789abcdef\.key/),
    });
  });
});
