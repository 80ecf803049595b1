/**
 * The student's drawn 签名 on 应约 and 发起签约: asked for only when the school sets `studentSignature`, and then
 * checked the way other uploads are (the caller's own folder, judged by content) plus what a signature must be: a PNG
 * of the pad's size that decodes and carries ink (domain/signature.ts). Its hash goes into the audit entry with it.
 * With the setting off a `signatureFile` sent anyway is not read: the flow is the manual's, unchanged.
 */
import { PNG } from 'pngjs';
import type { Attachment } from '../../typings';
import { sha256 } from '../domain/audit';
import { checkSignatureBytes, checkSignatureInk, signatureRefused } from '../domain/signature';
import type { SettingsDoc } from '../domain/types';
import { uploadFolder } from '../storage/port';
import type { Caller, Deps } from './deps';
import { loadSettings } from './settings';

/** The signature to store with the agreement, checked and hashed; undefined when the school does not ask for one. */
export async function attachSignature(
  deps: Deps,
  caller: Caller,
  settings: Pick<SettingsDoc, 'studentSignature'>,
  fileId: string | undefined,
): Promise<Attachment | undefined> {
  if (!settings.studentSignature) return undefined;
  if (!fileId) return signatureRefused('missing');
  if (!deps.files.pathOf(fileId)?.startsWith(uploadFolder(caller.openid))) return signatureRefused('notOwned');
  const bytes = await deps.files.read(fileId);
  if (!bytes) return signatureRefused('notOwned');
  checkSignatureBytes(bytes);
  let pixels: PNG;
  try {
    pixels = PNG.sync.read(bytes);
  } catch {
    return signatureRefused('unreadable');
  }
  checkSignatureInk(pixels);
  return { fileId, sha256: sha256(bytes) };
}

/**
 * attachSignature on the settings this instance holds (heldSettings), and the settings the decision then stands on.
 * A held copy that turns the setting on may be stale: a refusal it would cause is checked against a fresh read first,
 * and with the setting since turned off the flow goes on without a signature. (A copy stale the other way is caught
 * by the commit's settingsRead.)
 */
export async function signatureOn(
  deps: Deps,
  caller: Caller,
  held: SettingsDoc,
  fileId: string | undefined,
): Promise<{ settings: SettingsDoc; signature: Attachment | undefined }> {
  try {
    return { settings: held, signature: await attachSignature(deps, caller, held, fileId) };
  } catch (e) {
    if (!held.studentSignature) throw e;
    const fresh = await loadSettings(deps.store);
    // still asked for: the refusal stands (the checks read no other setting)
    if (fresh.studentSignature) throw e;
    return { settings: fresh, signature: undefined };
  }
}
