/**
 * Uploaded files: only from the caller's own folder, only images and PDFs by their content, and hashed so that the
 * audit entry seals their content. This runs on the cloud too, where the client uploads straight into storage and the
 * server first sees the bytes here.
 */
import type { Attachment } from '../../typings';
import { sha256 } from '../domain/audit';
import { refuse } from '../domain/errors';
import { ACCEPTED_FILES, MAX_FILE_BYTES, fileKindOf } from '../domain/files';
import { uploadFolder } from '../storage/port';
import type { Caller, Deps } from './deps';

/** The event field the files came in, to name the one at fault: e.g. `draft.proofFiles`, 就业证明材料. */
export interface FilesField {
  path: string;
  label: string;
}

export async function attach(deps: Deps, caller: Caller, fileIds: readonly string[], field: FilesField): Promise<Attachment[]> {
  const unique = [...new Set(fileIds)];
  const folder = uploadFolder(caller.openid);
  if (unique.some((fileId) => !deps.files.pathOf(fileId)?.startsWith(folder))) return refuse('FILE_NOT_OWNED');
  const contents = await Promise.all(unique.map((fileId) => deps.files.read(fileId)));
  // in the order given, so that the file named is the first one at fault
  return unique.map((fileId, i) => {
    const bytes = contents[i];
    if (!bytes) return refuse('FILE_NOT_OWNED', '附件不存在或已过期，请重新上传');
    const n = fileIds.indexOf(fileId);
    const at = (message: string): never => refuse('INVALID_INPUT', message, [{ path: `${field.path}.${n}`, message }]);
    if (bytes.length > MAX_FILE_BYTES) return at(`${field.label}第 ${n + 1} 份超过 10 MB，请压缩后重新上传`);
    if (!fileKindOf(bytes)) return at(`${field.label}第 ${n + 1} 份不是 ${ACCEPTED_FILES}，请删除后重新上传`);
    return { fileId, sha256: sha256(bytes) };
  });
}
