/**
 * Errors that reach an API user. Every one has a stable snake_case code, an
 * English message and a Chinese one; the web app shows the Chinese.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, whatZh: string, details?: Record<string, unknown>) =>
  new AppError(404, `${what.replace(/\s+/g, '_')}_not_found`, `Unknown ${what}`, `未找到${whatZh}`, details);

export function invalidParam(param: string, en: string, zh: string): AppError {
  return new AppError(400, 'invalid_params', `Parameter "${param}": ${en}`, `参数“${param}”：${zh}`, { param });
}
