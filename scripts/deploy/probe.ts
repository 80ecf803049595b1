/**
 * Checking after a deploy (or alone, `npm run deploy -- --check`) that each function that sends subscription
 * messages may call subscribeMessage.send: each is invoked through the CloudBase API with the probe event of
 * server/runtime/probe.ts, which makes one send that cannot be delivered and reports how the cloud answered.
 */
import { PROBE, PROBE_EVENT, type Permission } from '../../server/runtime/probe';
import type { CloudFunctions } from './cloud';

export interface ProbeResult {
  name: string;
  permission: Permission;
  /** what the function or the call answered, in words */
  detail: string;
}

const PERMISSIONS: readonly string[] = ['present', 'missing', 'unknown'] satisfies Permission[];

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const messageOf = (e: unknown): string => oneLine(e instanceof Error ? e.message : String(e));

/** The function's answer to the probe event, read: the probe's result, or why it is not one. */
export function readProbeAnswer(answer: unknown): Omit<ProbeResult, 'name'> {
  const a = (answer && typeof answer === 'object' ? answer : {}) as { ok?: unknown; data?: unknown; code?: unknown; message?: unknown };
  const data = (a.data && typeof a.data === 'object' ? a.data : {}) as { probe?: unknown; permission?: unknown; errCode?: unknown; errMsg?: unknown };
  if (a.ok === true && data.probe === PROBE && typeof data.permission === 'string' && PERMISSIONS.includes(data.permission)) {
    const said = oneLine([typeof data.errCode === 'number' ? String(data.errCode) : '', typeof data.errMsg === 'string' ? data.errMsg : ''].join(' '));
    const permission = data.permission as Permission;
    const detail =
      permission === 'present'
        ? `subscribeMessage.send 可用（微信答复：${said || '无'}）`
        : permission === 'missing'
          ? `无权限调用 subscribeMessage.send（${said}）`
          : `发送没有得到微信的答复（${said || '无错误码'}）`;
    return { permission, detail };
  }
  if (a.ok === false) {
    return { permission: 'unknown', detail: `函数没有识别探测，答复 ${String(a.code)} ${String(a.message)}：云端可能还是不含探测的旧代码，先部署` };
  }
  // a function from before the probe takes the event as its own: expireOffers runs a sweep (harmless, it is idempotent)
  return { permission: 'unknown', detail: `函数的答复不是探测结果（${oneLine(JSON.stringify(answer) ?? String(answer)).slice(0, 120)}）：云端可能还是旧代码，先部署` };
}

/** Probes these functions, all at once; resolves to one result each, in the given order. A failed call is unknown. */
export async function probePermissions(names: readonly string[], cloud: CloudFunctions): Promise<ProbeResult[]> {
  return Promise.all(
    names.map(async (name) => {
      try {
        return { name, ...readProbeAnswer(await cloud.invoke(name, { ...PROBE_EVENT })) };
      } catch (e) {
        return { name, permission: 'unknown' as const, detail: `调用失败：${messageOf(e)}` };
      }
    }),
  );
}

const MARK: Record<Permission, string> = { present: '✓', missing: '✗', unknown: '?' };

export function probeLines(results: readonly ProbeResult[]): string[] {
  return results.map((r) => `${MARK[r.permission]} 云调用权限  ${r.name.padEnd(20)} ${r.detail}`);
}

/**
 * What to do, when a permission is missing or could not be read. `uploadedWithKey`: whether this run uploaded the
 * code through miniprogram-ci (then only the wait is left), or not (then the key is what is missing); undefined for
 * `--check`, which uploaded nothing.
 */
export function probeAdvice(results: readonly ProbeResult[], uploadedWithKey: boolean | undefined): string[] {
  const missing = results.filter((r) => r.permission === 'missing').map((r) => r.name);
  const unknown = results.filter((r) => r.permission === 'unknown').map((r) => r.name);
  const lines: string[] = [];
  if (missing.length) {
    lines.push(
      `✗ 云调用权限缺失：${missing.join(', ')}。这些函数发不出订阅消息（-604101 无权限），这是部署配置问题，重试发送无济于事。`,
    );
    if (uploadedWithKey !== false) {
      lines.push(
        `  ${uploadedWithKey ? '代码已经 miniprogram-ci 上传，' : ''}权限在上传后最多约 10 分钟生效：10 分钟后运行 npm run deploy -- --check 再查。`,
      );
    }
    if (uploadedWithKey !== true) {
      lines.push(
        `  权限只在以小程序代码上传密钥（或微信开发者工具）上传函数时登记：设置 WX_APPID 与 WX_UPLOAD_KEY_FILE 后运行 npm run deploy -- --only ${missing.join(',')}`,
        '  （密钥见 小程序后台 → 开发管理 → 开发设置 → 小程序代码上传，本机出口 IP 须在其白名单中），或按 docs/deploy.md 2b 在开发者工具中上传这些函数；约 10 分钟后 npm run deploy -- --check。',
      );
    } else {
      lines.push('  仍缺失时：确认 WX_APPID 是该云开发环境所属的小程序，或按 docs/deploy.md 2b 在开发者工具中上传这些函数。');
    }
  }
  if (unknown.length) {
    lines.push(
      `? 未能确认云调用权限：${unknown.join(', ')}。稍后运行 npm run deploy -- --check 再查；也可在 云开发控制台 → 云函数 → 该函数 → 云端测试 中以 {"probe":"subscribeMessage"} 调用，看答复中的 permission（present 有权限，missing 缺失）。`,
    );
  }
  return lines;
}
