import { describe, expect, it } from 'vitest';
import { ApiError, queryString, queryUrl, runQuery, type Fetch } from './api';

describe('queryString drops empty parameters', () => {
  it.each([
    [{}, ''],
    [{ year: 2020 }, 'year=2020'],
    [{ year: '', province: '广东省', city: null, school: undefined, level: '  ' }, 'province=%E5%B9%BF%E4%B8%9C%E7%9C%81'],
    [{ year: 0 }, 'year=0'],
    [{ school: '1', level: '初级' }, 'school=1&level=%E5%88%9D%E7%BA%A7'],
  ])('%j → %s', (params, expected) => {
    expect(queryString(params)).toBe(expected);
  });
});

describe('queryUrl', () => {
  it.each([
    ['overview_totals', {}, undefined, '/api/queries/overview_totals'],
    ['overview_totals', { year: 2020, city: '' }, undefined, '/api/queries/overview_totals?year=2020'],
    ['city_quotas', { province: '浙江省' }, 'csv' as const, '/api/queries/city_quotas?province=%E6%B5%99%E6%B1%9F%E7%9C%81&format=csv'],
  ])('%s %j %s → %s', (name, params, format, expected) => {
    expect(queryUrl(name, params, format)).toBe(expected);
  });
});

function fakeFetch(respond: (url: string) => Response | Promise<Response>): { fetch: Fetch; urls: string[] } {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return respond(String(input));
  }) as Fetch;
  return { fetch, urls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('runQuery', () => {
  it('returns columns, rows, rowCount and truncated, asking only for set parameters', async () => {
    const { fetch, urls } = fakeFetch(() =>
      json(200, {
        columns: [{ name: 'candidates', type: 'INTEGER' }],
        rows: [{ candidates: 1479 }],
        rowCount: 1,
        truncated: false,
        total: 1,
        offset: 0,
        limit: 100000,
      }),
    );
    const result = await runQuery<{ candidates: number }>(fetch, 'overview_totals', { year: 2020, province: '' });
    expect(urls).toEqual(['/api/queries/overview_totals?year=2020']);
    expect(result).toEqual({ columns: [{ name: 'candidates', type: 'INTEGER' }], rows: [{ candidates: 1479 }], rowCount: 1, truncated: false, total: 1, offset: 0, limit: 100000 });
  });

  it('asks for a page with limit and offset and returns the total before paging', async () => {
    const { fetch, urls } = fakeFetch(() =>
      json(200, { columns: [{ name: 'school', type: 'VARCHAR' }], rows: [{ school: '乙' }], rowCount: 1, truncated: true, total: 9002, offset: 20, limit: 1 }),
    );
    const result = await runQuery<{ school: string }>(fetch, 'trainees_by_college', { province: '浙江' }, { limit: 1, offset: 20 });
    expect(urls).toEqual([`/api/queries/trainees_by_college?province=${encodeURIComponent('浙江')}&limit=1&offset=20`]);
    expect([result.total, result.offset, result.limit, result.truncated]).toEqual([9002, 20, 1, true]);
  });

  it.each([
    [
      'the server error with its Chinese message',
      () =>
        json(400, {
          error: { code: 'invalid_params', message: 'Parameter "year": expected a whole number, got "abc"', message_zh: '参数“year”：应为整数，收到“abc”' },
        }),
      { code: 'invalid_params', status: 400, messageZh: '参数“year”：应为整数，收到“abc”', message: 'Parameter "year": expected a whole number, got "abc"' },
    ],
    [
      'a 5xx without a JSON body',
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      { code: 'http_502', status: 502, messageZh: '服务器出错（HTTP 502），请稍后重试。', message: 'HTTP 502 Bad Gateway' },
    ],
    [
      'a 200 that is not our JSON (e.g. the app shell)',
      () => new Response('<!doctype html>', { status: 200 }),
      { code: 'bad_response', status: 200, messageZh: '服务器返回的数据格式不正确。' },
    ],
    [
      'JSON without rows',
      () => json(200, { hello: 'world' }),
      { code: 'bad_response', status: 200, messageZh: '服务器返回的数据格式不正确。' },
    ],
    [
      'no answer at all',
      () => Promise.reject(new TypeError('Failed to fetch')),
      { code: 'network_error', status: 0, messageZh: '无法连接服务器，请检查网络连接后重试。' },
    ],
  ])('throws ApiError for %s', async (_case, respond, expected) => {
    const { fetch } = fakeFetch(respond);
    const error = await runQuery(fetch, 'overview_totals').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject(expected);
  });
});
