/** The drawn 签名's rules as pure functions: the PNG header, the order of the byte checks, what counts as ink. */
import { PNG } from 'pngjs';
import { DomainError } from '../../server/domain/errors';
import { checkSignatureBytes, checkSignatureInk, greyOnWhite, inkBox, pngHeader, SIGNATURE_LIMITS, SIGNATURE_WORDS } from '../../server/domain/signature';
import { jpegBytes, pngBytes } from '../support/files';
import { drawStrokes, withDeclaredSize, ZHANG_SAN } from '../support/signature';

/** a real PNG declaring the pad's size: the byte checks read only its header (nothing is decoded here) */
const declared = (width = 800, height = 320) => withDeclaredSize(pngBytes('pad'), width, height);

const refusal = (work: () => unknown): { code: string; message: string; path?: string } | null => {
  try {
    work();
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { code: e.code, message: e.message, path: e.issues?.[0]?.path };
  }
};

describe('the signature’s bytes', () => {
  it('the header gives the declared size; anything but a PNG gives null', () => {
    expect(pngHeader(pngBytes('one pixel'))).toEqual({ width: 1, height: 1 });
    expect(pngHeader(declared(1234, 567))).toEqual({ width: 1234, height: 567 });
    expect(pngHeader(jpegBytes('x'))).toBeNull();
    expect(pngHeader(declared().subarray(0, 20))).toBeNull();
  });

  it('too large is said before the kind, the kind before the size: each naming signatureFile', () => {
    const big = Buffer.concat([jpegBytes('x'), Buffer.alloc(SIGNATURE_LIMITS.maxBytes)]);
    expect(refusal(() => checkSignatureBytes(big))).toEqual({ code: 'INVALID_INPUT', message: SIGNATURE_WORDS.tooLarge, path: 'signatureFile' });
    expect(refusal(() => checkSignatureBytes(jpegBytes('x')))).toMatchObject({ message: SIGNATURE_WORDS.notPng });
    for (const [w, h] of [[199, 320], [800, 79], [2001, 320], [800, 1001]] as const) {
      expect(refusal(() => checkSignatureBytes(declared(w, h)))).toMatchObject({ message: SIGNATURE_WORDS.size });
    }
    for (const [w, h] of [[200, 80], [2000, 1000]] as const) expect(checkSignatureBytes(declared(w, h))).toEqual({ width: w, height: h });
  });
});

describe('ink', () => {
  const pixels = (fill: (data: Buffer) => void) => {
    const p = new PNG({ width: 10, height: 4 });
    p.data.fill(0);
    fill(p.data);
    return p;
  };

  it('a pixel is laid over white: transparent black is white, opaque black is black, half-transparent is grey', () => {
    expect(greyOnWhite(Uint8Array.from([0, 0, 0, 0]), 0)).toBe(255);
    expect(greyOnWhite(Uint8Array.from([0, 0, 0, 255]), 0)).toBe(0);
    expect(greyOnWhite(Uint8Array.from([0, 0, 0, 128]), 0)).toBe(127);
    expect(greyOnWhite(Uint8Array.from([255, 255, 255, 255]), 0)).toBe(255);
  });

  it('the box around the dark pixels, and how many', () => {
    expect(inkBox(pixels(() => undefined))).toBeNull();
    const two = pixels((d) => {
      d.set([0, 0, 0, 255], (1 * 10 + 2) * 4);
      d.set([0, 0, 0, 255], (3 * 10 + 7) * 4);
      // light grey is not ink
      d.set([200, 200, 200, 255], 0);
    });
    expect(inkBox(two)).toEqual({ x: 2, y: 1, w: 6, h: 3, inked: 2 });
  });

  it('张三 has ink; a blank pad or a dot is refused as blank', () => {
    expect(() => checkSignatureInk(drawStrokes(ZHANG_SAN))).not.toThrow();
    expect(refusal(() => checkSignatureInk(drawStrokes([], { width: 200, height: 80 })))).toMatchObject({ message: SIGNATURE_WORDS.blank });
    expect(refusal(() => checkSignatureInk(drawStrokes([[[100, 40]]], { width: 200, height: 80 })))).toMatchObject({ message: SIGNATURE_WORDS.blank });
  });
});
