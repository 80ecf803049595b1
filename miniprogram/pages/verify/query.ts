/** The mini program's JS runtime has no URLSearchParams: query strings are read here. */

/** Decodes what can be decoded; a malformed escape is kept as typed rather than thrown. */
export function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** `pages/x/index?a=1&b=%E5%BC%A0` or `a=1&b=%E5%BC%A0` → { a: '1', b: '张' }. A `#fragment` is dropped. */
export function parseQuery(text: string): Record<string, string> {
  const withoutHash = text.split('#')[0] ?? '';
  const at = withoutHash.indexOf('?');
  const query = at >= 0 ? withoutHash.slice(at + 1) : withoutHash;
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq >= 0 ? pair.slice(0, eq) : pair);
    if (key && !(key in out)) out[key] = decode(eq >= 0 ? pair.slice(eq + 1) : '');
  }
  return out;
}
