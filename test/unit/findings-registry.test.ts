/**
 * The finding registry is the one source of finding codes: the README's table
 * is the registry's, and no code in server/ makes a finding outside it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../server/config.js';
import { FINDING_DEFS, findingRegistryMarkdown, makeFinding } from '../../server/domain/findings-registry.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('finding registry', () => {
  it('the README table lists exactly the registry (code, severity, meaning, action)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- finding-registry:start -->\n([\s\S]*?)\n<!-- finding-registry:end -->/.exec(readme)?.[1];
    expect(table).toBe(findingRegistryMarkdown());
  });

  it('every entry has Chinese and English texts and an action', () => {
    for (const [code, d] of Object.entries(FINDING_DEFS)) {
      expect([code, d.title.length > 0, d.action.length > 0, d.action_en.length > 0]).toEqual([code, true, true, true]);
    }
    const f = makeFinding('stated_rate_mismatch', { who: 'WEB 前端开发', printed: '56.8%', passed: 33, candidates: 62, actual: '53.2%' }, { source_row: 14 });
    expect([f.severity, f.message, f.message_en, f.source_row]).toEqual(['warning', 'WEB 前端开发：所列通过率 56.8% 与 33/62 = 53.2% 不符（按原样保留）', 'WEB 前端开发: stated rate 56.8% vs 33/62 = 53.2% (kept as printed)', 14]);
  });

  it('no finding in server/ is written by hand: no `severity: \'…\'` literal outside the registry', () => {
    const offenders = files(join(ROOT, 'server'))
      .filter((f) => !f.endsWith('findings-registry.ts') && !f.endsWith('facts.ts'))
      .filter((f) => /severity:\s*'(error|warning|info)'/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
