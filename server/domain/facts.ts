/**
 * The normalised rows of every fact table, as the loader and the importer hand
 * them to the writer. Figures are as printed; ids are resolved.
 */
import type { Level } from './certificate-names.js';

export interface Source {
  source_file: string;
  source_table: string;
  source_row: number;
}

export interface ExamResult extends Source {
  school_id: number;
  year: number;
  certificate_id: number;
  level: Level | null;
  candidates: number;
  passed: number;
  stated_rate: number | null;
  /** The rate as printed (`56.8%`), kept for the rounding check. */
  stated_rate_printed: string | null;
  certificate_as_printed: string;
  note: string | null;
}

export interface PilotApplication extends Source {
  school_id: number;
  year: number;
  batch: string | null;
  certificate_id: number;
  level: Level | null;
  level_truncated: boolean;
  majors: string | null;
  student_scale: number | null;
  requested: number | null;
  approved: number | null;
  status: string | null;
  printed_seq: number | null;
  certificate_as_printed: string;
  note: string | null;
}

export interface TeacherTraining extends Source {
  school_id: number;
  year: number;
  certificate_id: number;
  teachers_trained: number | null;
  assessors: number | null;
  printed_seq: number | null;
  certificate_as_printed: string;
}

export interface TrainingQuota extends Source {
  province: string;
  year: number;
  category: string | null;
  programme: string;
  host: string | null;
  city: string | null;
  quota: number;
  note: string | null;
}

export interface TrainingProgramme extends Source {
  province: string;
  year: number;
  certificate_id: number;
  host: string | null;
  partner_organisation: string | null;
  audience: string | null;
  format: string | null;
  hours: number | null;
  certificate_as_printed: string;
}

export interface TrainingOffer extends Source {
  certificate_id: number;
  provider: string | null;
  organiser: string | null;
  level: Level | null;
  fee_per_person: number | null;
  fee_is_cap: boolean | null;
  hours_online: number | null;
  hours_total: number | null;
  days_offline: number | null;
  year: number | null;
  note: string | null;
  certificate_as_printed: string;
}

export interface StatedTotal {
  source_file: string;
  source_table: string;
  label: string;
  school_id: number | null;
  year: number | null;
  certificate_id: number | null;
  city: string | null;
  batch: string | null;
  metric: string;
  value: number | null;
  value_as_printed: string;
  note: string | null;
}

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  /** Chinese, for people (from the finding registry). */
  message: string;
  message_en: string;
  source_file: string | null;
  source_table: string | null;
  source_row: number | null;
  source_column: string | null;
  printed_value: string | null;
  expected_value: string | null;
  /** The fact row or stated total the finding is about (in memory only; not stored). */
  ref?: object;
}

/** Everything one import (or one seed document) contributes. */
export interface FactSet {
  exam_results: ExamResult[];
  pilot_applications: PilotApplication[];
  teacher_training: TeacherTraining[];
  training_quotas: TrainingQuota[];
  training_programmes: TrainingProgramme[];
  training_offers: TrainingOffer[];
  stated_totals: StatedTotal[];
}

export const FACT_TABLES = [
  'exam_results',
  'pilot_applications',
  'teacher_training',
  'training_quotas',
  'training_programmes',
  'training_offers',
  'stated_totals',
] as const satisfies readonly (keyof FactSet)[];

export function emptyFactSet(): FactSet {
  return {
    exam_results: [],
    pilot_applications: [],
    teacher_training: [],
    training_quotas: [],
    training_programmes: [],
    training_offers: [],
    stated_totals: [],
  };
}

export function rowCount(facts: FactSet): number {
  return FACT_TABLES.reduce((n, t) => n + (t === 'stated_totals' ? 0 : facts[t].length), 0);
}
