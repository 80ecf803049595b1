/**
 * The local runtime: every registered function over HTTP on 127.0.0.1, with the SQLite store, files in a folder and
 * messages written to a log. The request header X-WX-OPENID stands in for the WX context's OPENID, the socket's
 * remote address for its CLIENTIP.
 *
 *   POST /fn/<name>          JSON event → the function's `{ ok, ... }` (HTTP 200)
 *   POST /upload?name=<f>    raw bytes of a JPG, PNG or PDF (by content, ≤ 10 MB) → { ok, data: { fileId } }, stored
 *                            in the caller's upload folder
 *   GET  /files/<path>?expires=<unix>&sign=<hex>
 *                            a stored file, by a link a function handed out (signed, an hour); anything else is 403
 *   GET  /healthz            { ok, store, functions }
 */
import { mkdirSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ERROR_MESSAGES, type ErrorCode, type ExpireOffersResult } from '../../typings';
import { EXTENSIONS, MAX_FILE_BYTES, TOO_LARGE, WRONG_KIND, fileKindOf } from '../domain/files';
import { runExpiry } from '../usecases/expireOffers';
import { LogFileSender } from '../notify/logSender';
import { LocalFileStorage } from '../storage/local';
import { uploadFolder } from '../storage/port';
import { SqliteStore } from '../store/sqlite';
import type { Deps } from '../app/deps';
import { invoke } from './handler';
import { randomId } from './ids';
import { linkKey } from './linkKey';
import { functionNames, lookup } from './registry';
import { seedDemo } from './seed';
import { seedDemoDestinations } from './demoDestinations';
import type { SchoolSettings } from '../domain/types';

const EVENT_LIMIT = 1024 * 1024;
const HOUR = 3_600_000;
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;
const LINK_INVALID = '文件链接无效，请在小程序中重新打开';
const LINK_EXPIRED = '文件链接已过期，请刷新页面后重新打开';

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

export interface ServerOptions {
  /** 0 picks a free port; default 3000 */
  port?: number;
  /** default .data */
  dataDir?: string;
  /** how often the expiry timer runs; default hourly */
  timerMs?: number;
  /** a line per request and timer run; default silent */
  log?: (line: string) => void;
  /** the runtime's time (records, expiry of offers and of download links); default the wall clock */
  clock?: () => Date;
  /**
   * the demo school's settings beside the defaults, when a fresh DATA_DIR is seeded: `npm start` with
   * DEMO_FLOWS=manual passes MANUAL_FLOWS (the manual's flows, without the unit's confirmation, seal and consent)
   */
  settings?: Partial<SchoolSettings>;
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** true when this start seeded the demo school (a fresh DATA_DIR) */
  seeded: boolean;
  /** the first timer run, done before start returned */
  firstExpiry: ExpireOffersResult | null;
  deps: Deps;
  close(): Promise<void>;
}

/** Only this machine may call: anything else could act as any openid by setting a header. */
export const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address));

/**
 * The names this machine answers to. A web page that rebinds its own host name to 127.0.0.1 reaches the runtime from
 * a loopback socket, same-origin, free to set X-WX-OPENID; its requests still carry its own name as Host.
 */
export const isLoopbackHost = (host: string | undefined): boolean => {
  // HTTP/1.0 tools may leave Host out; a browser never does
  if (host === undefined) return true;
  const name = host.trim().toLowerCase().replace(/:\d*$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
};

/** A file name safe for a storage path: other characters (Chinese, spaces) become `_`; the extension is kept. */
export function safeFileName(name: string): string | null {
  if (!name.trim()) return null;
  const rawExt = path.extname(name);
  const ext = /^\.[A-Za-z0-9]{1,10}$/.test(rawExt) ? rawExt.toLowerCase() : '';
  const stem = name.slice(0, name.length - rawExt.length).replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[_-]+/, '').slice(0, 80);
  return `${/[A-Za-z0-9]/.test(stem) ? stem : 'file'}${ext}`;
}

/**
 * What each answer said, for the request log: a refusal is HTTP 200 like a success (the function answered), so the line
 * shows its code (`→ 200 NOT_FOUND`), or OK.
 */
const outcomes = new WeakMap<ServerResponse, string>();

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body && typeof body === 'object' && 'ok' in body) {
    outcomes.set(res, body.ok === true ? 'OK' : String((body as { code?: unknown }).code ?? 'FAILED'));
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const refusal = (res: ServerResponse, status: number, code: ErrorCode, message: string = ERROR_MESSAGES[code]): void =>
  send(res, status, { ok: false, code, message });

/** The request body, or null once it passes `limit` (the rest is drained so that the answer can still be read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const openidOf = (req: IncomingMessage): string => {
  const h = req.headers['x-wx-openid'];
  return (Array.isArray(h) ? h[0] : h)?.trim() ?? '';
};

async function callFunction(deps: Deps, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const def = lookup(name);
  if (!def) return refusal(res, 404, 'NOT_FOUND', `云函数 ${name} 不存在`);
  const body = await readBody(req, EVENT_LIMIT);
  if (!body) return refusal(res, 413, 'INVALID_INPUT', '请求内容过大');
  let event: unknown = {};
  if (body.length > 0) {
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return refusal(res, 400, 'INVALID_INPUT', '请求内容不是有效的 JSON');
    }
  }
  const client = req.socket.remoteAddress;
  send(res, 200, await invoke(def, deps, { openid: openidOf(req), ...(client ? { client } : {}) }, event));
}

/** Kept as what its bytes say it is, whatever it was called: a PNG named a.jpg is stored as a.png. */
async function upload(deps: Deps, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const openid = openidOf(req);
  if (!OPENID.test(openid)) return refusal(res, 401, 'UNAUTHENTICATED');
  const name = safeFileName(url.searchParams.get('name') ?? '');
  if (!name) return refusal(res, 400, 'INVALID_INPUT', '请提供文件名');
  const bytes = await readBody(req, MAX_FILE_BYTES);
  if (!bytes) return refusal(res, 413, 'INVALID_INPUT', TOO_LARGE);
  if (bytes.length === 0) return refusal(res, 400, 'INVALID_INPUT', '文件为空');
  const kind = fileKindOf(bytes);
  if (!kind) return refusal(res, 400, 'INVALID_INPUT', WRONG_KIND);
  const stem = name.slice(0, name.length - path.extname(name).length);
  const fileId = await deps.files.write(`${uploadFolder(openid)}${randomId()}-${stem}${EXTENSIONS[kind]}`, bytes);
  send(res, 200, { ok: true, data: { fileId } });
}

/**
 * Only by a link a function made, after its reader let the caller see the record the file belongs to: the path alone
 * is no permission, whoever learned it.
 */
async function serveFile(files: LocalFileStorage, url: URL, res: ServerResponse): Promise<void> {
  let p: string;
  try {
    p = decodeURIComponent(url.pathname.slice('/files/'.length));
  } catch {
    return refusal(res, 403, 'FORBIDDEN', LINK_INVALID);
  }
  const check = files.checkLink(p, url.searchParams.get('expires'), url.searchParams.get('sign'));
  if (check === 'expired') return refusal(res, 403, 'FORBIDDEN', LINK_EXPIRED);
  if (check !== 'ok') return refusal(res, 403, 'FORBIDDEN', LINK_INVALID);
  const bytes = await files.read(`local://${p}`);
  if (!bytes) return refusal(res, 404, 'NOT_FOUND', '文件不存在');
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(p).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': bytes.length,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(bytes);
}

async function route(deps: Deps, files: LocalFileStorage, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
    return refusal(res, 403, 'FORBIDDEN', '本地服务只接受本机访问');
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  if (url.pathname === '/healthz' && method === 'GET') {
    return send(res, 200, { ok: true, store: deps.store.name, functions: functionNames });
  }
  if (url.pathname.startsWith('/fn/') && method === 'POST') return callFunction(deps, url.pathname.slice(4), req, res);
  if (url.pathname === '/upload' && method === 'POST') return upload(deps, url, req, res);
  if (url.pathname.startsWith('/files/') && method === 'GET') return serveFile(files, url, res);
  return refusal(res, 404, 'NOT_FOUND', `没有这个接口：${method} ${url.pathname}`);
}

const listen = (server: http.Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const key = linkKey(dataDir);
  const store = new SqliteStore({ path: path.join(dataDir, 'store.sqlite') });

  const clock = options.clock ?? (() => new Date());
  let deps: Deps | undefined;
  let files: LocalFileStorage | undefined;
  const server = http.createServer((req, res) => {
    const started = Date.now();
    // a link's signature stays out of the log: the line would open the file for anyone who reads it
    const shown = (req.url ?? '').replace(/([?&]sign=)[^&]*/, '$1…');
    res.on('finish', () => {
      const outcome = outcomes.get(res);
      log(`${req.method} ${shown} ${openidOf(req) || '-'} → ${res.statusCode}${outcome ? ` ${outcome}` : ''} ${Date.now() - started}ms`);
    });
    if (!deps || !files) return refusal(res, 503, 'INTERNAL', '服务正在启动，请稍后再试');
    route(deps, files, req, res).catch((e: unknown) => {
      console.error('[server]', e);
      if (!res.headersSent) refusal(res, 500, 'INTERNAL');
      else res.destroy();
    });
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? 3000);
  } catch (e) {
    await store.close();
    throw e;
  }
  const url = `http://127.0.0.1:${port}`;
  const storage = new LocalFileStorage(path.join(dataDir, 'files'), url, { key, clock });
  const ready: Deps = {
    store,
    files: storage,
    sender: new LogFileSender(path.join(dataDir, 'messages.log')),
    clock,
    newId: randomId,
  };
  const seeded = await seedDemo(ready, options.settings);
  if (seeded) await seedDemoDestinations(ready);
  deps = ready;
  files = storage;

  // The hourly timer, as the cloud's trigger would run it; one run at a time.
  let running: Promise<ExpireOffersResult | null> | null = null;
  const tick = (): Promise<ExpireOffersResult | null> => {
    running ??= runExpiry(ready)
      .then((r) => {
        log(`expireOffers: ${JSON.stringify(r)}`);
        return r;
      })
      .catch((e: unknown) => {
        console.error('[expireOffers]', e);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const firstExpiry = await tick();
  const timer = setInterval(() => void tick(), options.timerMs ?? HOUR);
  timer.unref();

  return {
    url,
    dataDir,
    seeded,
    firstExpiry,
    deps: ready,
    close: async () => {
      clearInterval(timer);
      await running;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
