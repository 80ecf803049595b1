/** Uploaded files: only from the caller's own folder, and hashed so that the audit entry seals their content. */
import type { Attachment } from '../../typings';
import { sha256 } from '../domain/audit';
import { refuse } from '../domain/errors';
import { uploadFolder } from '../storage/port';
import type { Caller, Deps } from './deps';

/** Photos of a letter or a contract page; anything larger is not what the form asks for. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export async function attach(deps: Deps, caller: Caller, fileIds: readonly string[]): Promise<Attachment[]> {
  const unique = [...new Set(fileIds)];
  return Promise.all(
    unique.map(async (fileId) => {
      const p = deps.files.pathOf(fileId);
      if (!p || !p.startsWith(uploadFolder(caller.openid))) return refuse('FILE_NOT_OWNED');
      const bytes = await deps.files.read(fileId);
      if (!bytes) return refuse('FILE_NOT_OWNED', '附件不存在或已过期，请重新上传');
      if (bytes.length > MAX_ATTACHMENT_BYTES) return refuse('INVALID_INPUT', '单个附件不能超过 10 MB，请压缩后重新上传');
      return { fileId, sha256: sha256(bytes) };
    }),
  );
}
