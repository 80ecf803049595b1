/** The consent page's own checks and its token, said on the phone before anything is sent (the server checks again). */

/** The token from a chat card (`?t=`) or a 小程序码's scene (`t=…`, URL-encoded). */
export function tokenOf(options: Record<string, string | undefined>): string {
  if (options.t) return options.t;
  const scene = decodeURIComponent(options.scene ?? '');
  return /^t=(.+)$/.exec(scene)?.[1] ?? '';
}

export interface Person {
  uscc: string;
  name: string;
  phone: string;
}

/** What the form lacks, in its order; each named (the server checks every field again). */
export function personProblem(p: Person): { field: keyof Person | ''; message: string } {
  const uscc = p.uscc.trim().toUpperCase();
  if (!uscc) return { field: 'uscc', message: '请填写统一社会信用代码' };
  if (uscc.length !== 18) return { field: 'uscc', message: '统一社会信用代码应为18位' };
  if (!p.name.trim()) return { field: 'name', message: '请填写姓名' };
  if (!p.phone.trim()) return { field: 'phone', message: '请填写联系电话' };
  return { field: '', message: '' };
}

