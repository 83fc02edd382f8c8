/**
 * The import page's calls to /api/imports. Uploads go through
 * XMLHttpRequest so the page can show upload progress for large files.
 */
import { ApiError, csrfHeaders, withCsrf, type Fetch } from '$lib/api';
import type { CommitResponse, ImportRecord, PreviewResponse } from './types';

export interface UploadProgress {
  loaded: number;
  total: number;
  /** true once the whole file is sent and the server is reading it. */
  processing: boolean;
}

function errorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; message_zh?: string } } | null)?.error;
  return new ApiError({
    code: e?.code ?? `http_${status}`,
    message: e?.message ?? `HTTP ${status}`,
    messageZh: e?.message_zh ?? (status === 0 ? '无法连接服务器，请检查网络连接后重试。' : `请求失败（HTTP ${status}）。`),
    status,
    cause: body,
  });
}

/** The details an import error carries (findings, missing context fields). */
export function errorDetails(error: ApiError): { findings?: unknown[]; missing?: string[]; existing_import?: number } {
  const body = error.cause as { error?: Record<string, unknown> } | undefined;
  return (body?.error ?? {}) as { findings?: unknown[]; missing?: string[]; existing_import?: number };
}

/** POST /api/imports (?dryRun=true for a preview) with the file and the form fields. */
export function sendImport<T extends PreviewResponse | CommitResponse>(
  file: Blob & { name?: string },
  fields: Record<string, string>,
  opts: { dryRun: boolean; onProgress?: (p: UploadProgress) => void; signal?: AbortSignal },
): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name ?? 'upload');
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports${opts.dryRun ? '?dryRun=true' : ''}`);
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, processing: false });
    xhr.upload.onload = () => opts.onProgress?.({ loaded: file.size, total: file.size, processing: true });
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as T);
      else reject(errorOf(xhr.status, body));
    };
    xhr.onerror = () => reject(errorOf(0, null));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

async function json<T>(response: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON */
  }
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
}

export async function listImports(fetchFn: Fetch, limit = 100): Promise<ImportRecord[]> {
  try {
    return (await json<{ imports: ImportRecord[] }>(await fetchFn(`/api/imports?limit=${limit}`, { headers: { accept: 'application/json' } }))).imports;
  } catch (err) {
    throw err instanceof ApiError ? err : errorOf(0, null);
  }
}

export async function undoImport(fetchFn: Fetch, id: number): Promise<{ id: number; status: string; removed: Record<string, number> }> {
  return json(await fetchFn(`/api/imports/${id}`, withCsrf({ method: 'DELETE', headers: { accept: 'application/json' } })));
}

export interface SchoolOption {
  id: number;
  name: string;
  aliases: string | null;
  province: string | null;
  city: string | null;
}
