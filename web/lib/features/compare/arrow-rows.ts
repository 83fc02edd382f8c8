/**
 * A named query fetched as Arrow and read back as rows: the funnel's points
 * for a country are 5,000+ schools, about 70 KB as Arrow against 350 KB as
 * JSON, and the first screen should need well under 200 KB.
 */
import { decodeArrow } from '../../arrow';
import { ApiError, queryUrl, type Fetch } from '../../api';
import type { QueryParams } from '../../queries';

export async function runArrowRows<Row>(fetchFn: Fetch, name: string, params: QueryParams = {}): Promise<Row[]> {
  let response: Response;
  try {
    response = await fetchFn(queryUrl(name, params), { headers: { accept: 'application/vnd.apache.arrow.stream' } });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ code: 'network_error', message: `Network error while running query "${name}"`, messageZh: '无法连接服务器，请检查网络连接后重试。', status: 0, cause });
  }
  if (!response.ok) {
    // Errors are JSON whatever was asked for.
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; message_zh?: string } } | null;
    throw new ApiError({
      code: body?.error?.code ?? `http_${response.status}`,
      message: body?.error?.message ?? `HTTP ${response.status}`,
      messageZh: body?.error?.message_zh ?? `请求失败（HTTP ${response.status}）。`,
      status: response.status,
    });
  }
  let table;
  try {
    table = decodeArrow(new Uint8Array(await response.arrayBuffer()));
  } catch (cause) {
    throw new ApiError({ code: 'bad_response', message: `Query "${name}" did not answer Arrow`, messageZh: '服务器返回的数据格式不正确。', status: response.status, cause });
  }
  const out: Row[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const c of table.columns) row[c.name] = c.get(i);
    out[i] = row as Row;
  }
  return out;
}
