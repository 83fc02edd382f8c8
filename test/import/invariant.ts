/**
 * The import's promise, checked from the outside: every figure printed in a
 * data table is a fact (some field of a fact row from that printed row), a
 * stated total (its value), or the cell of a finding. Independent of the
 * cells normalise marks as used.
 */
import type { PipelineResult } from '../../server/import/pipeline.js';
import { isFigure } from '../../server/import/pipeline.js';

const FACT_KINDS = new Set(['exam_results', 'pilot_applications', 'teacher_training', 'training_quotas', 'training_programmes', 'training_offers']);

/** Cells (`table row col: text`) whose figure went nowhere. */
export function unaccounted(result: PipelineResult): string[] {
  const { preview, facts } = result;
  const out: string[] = [];
  for (const t of preview.tables) {
    if (!FACT_KINDS.has(t.kind)) continue;
    const numbersOf = (row: object) => Object.values(row).filter((v): v is number => typeof v === 'number');
    const factRows = [facts.exam_results, facts.pilot_applications, facts.teacher_training, facts.training_quotas, facts.training_programmes, facts.training_offers]
      .flat()
      .filter((r) => r.source_table === t.key);
    const stated = new Set(facts.stated_totals.filter((s) => s.source_table === t.key).map((s) => s.value));
    const named = new Set(result.findings.filter((f) => f.cell?.table === t.key).map((f) => `${f.cell!.row}:${f.cell!.col}`));
    const erroredRows = new Set(result.findings.filter((f) => f.cell?.table === t.key && f.severity === 'error').map((f) => f.cell!.row));
    t.rows.forEach((row, r) => {
      row.cells.forEach((text, c) => {
        if (!isFigure(text) || named.has(`${r}:${c}`) || erroredRows.has(r) || row.role === 'empty') return;
        const value = Number(text.replace(/[^\d.]/gu, '')) / (text.trim().endsWith('%') ? 100 : 1);
        const fromRow = factRows.filter((f) => f.source_row === row.sourceRow).flatMap(numbersOf);
        const ok = (row.role === 'data' && (fromRow.some((n) => Math.abs(n - value) < 1e-9) || stated.has(value))) || (row.role === 'total' && stated.has(value));
        if (!ok) out.push(`${t.key} ${r}:${c}: ${text}`);
      });
    });
  }
  return out;
}
