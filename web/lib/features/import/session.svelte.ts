/**
 * The state of one import on the page: the file, the form, the latest
 * preview, upload progress, and the outcome of a commit. Components stay
 * presentational; this holds what changes.
 */
import { ApiError, toApiError } from '$lib/api';
import { errorDetails, sendImport, type UploadProgress } from './api';
import { formFields } from './logic';
import { EMPTY_FORM, type CommitResponse, type ImportFinding, type ImportForm, type PreviewResponse } from './types';

export type Phase = 'idle' | 'previewing' | 'ready' | 'committing' | 'committed' | 'failed';

export class ImportSession {
  file = $state.raw<File | null>(null);
  form = $state<ImportForm>({ ...EMPTY_FORM, overrides: {} });
  phase = $state<Phase>('idle');
  progress = $state.raw<UploadProgress | null>(null);
  result = $state.raw<PreviewResponse | null>(null);
  committed = $state.raw<CommitResponse | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** Findings a refused commit answered with (422). */
  refusedFindings = $state.raw<ImportFinding[]>([]);
  #controller: AbortController | null = null;

  /** A new file: forget the last one's choices that only made sense for it. */
  async choose(file: File): Promise<void> {
    this.file = file;
    this.form = { ...this.form, encoding: 'auto', sheet: '', overrides: {}, replace: false, overlap: '', reason: '' };
    this.committed = null;
    await this.preview();
  }

  async preview(): Promise<void> {
    if (!this.file) return;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.phase = 'previewing';
    this.error = null;
    this.refusedFindings = [];
    this.progress = { loaded: 0, total: this.file.size, processing: false };
    try {
      const result = await sendImport<PreviewResponse>(this.file, formFields(this.form), { dryRun: true, signal: controller.signal, onProgress: (p) => (this.progress = p) });
      if (controller.signal.aborted) return;
      this.result = result;
      this.phase = 'ready';
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      this.error = toApiError(err);
      this.result = null;
      this.phase = 'failed';
    } finally {
      if (this.#controller === controller) this.progress = null;
    }
  }

  async commit(): Promise<CommitResponse | null> {
    if (!this.file || !this.result) return null;
    this.phase = 'committing';
    this.error = null;
    this.progress = { loaded: 0, total: this.file.size, processing: false };
    try {
      const done = await sendImport<CommitResponse>(this.file, formFields(this.form), { dryRun: false, onProgress: (p) => (this.progress = p) });
      this.committed = done;
      this.phase = 'committed';
      return done;
    } catch (err) {
      const e = toApiError(err);
      this.error = e;
      this.refusedFindings = (errorDetails(e).findings ?? []) as ImportFinding[];
      this.phase = 'ready';
      return null;
    } finally {
      this.progress = null;
    }
  }

  reset(): void {
    this.#controller?.abort();
    this.file = null;
    this.result = null;
    this.committed = null;
    this.error = null;
    this.refusedFindings = [];
    this.phase = 'idle';
    this.form = { ...EMPTY_FORM, overrides: {} };
  }
}
