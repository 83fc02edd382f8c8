/**
 * Who this browser is signed in as, shared by the top bar, the import page and
 * the administrator's pages. The session itself is an HttpOnly cookie the page
 * never sees; this keeps what GET /api/session says (and its CSRF token).
 */
import { toApiError, type ApiError } from '$lib/api';
import { getSession, signIn, signOut, type SessionState } from './api';

export class Session {
  /** null until the server has answered. */
  state = $state.raw<SessionState | null>(null);
  busy = $state(false);
  error = $state.raw<ApiError | null>(null);
  /** The sign-in dialog is open. */
  dialogOpen = $state(false);

  get signedIn(): boolean {
    return Boolean(this.state?.user);
  }
  get role() {
    return this.state?.role ?? 'anonymous';
  }

  async refresh(fetchFn: typeof fetch = fetch): Promise<void> {
    try {
      this.state = await getSession(fetchFn);
    } catch {
      this.state = null;
    }
  }

  async signIn(username: string, password: string): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      this.state = await signIn(fetch, username, password);
      this.dialogOpen = false;
      return true;
    } catch (err) {
      this.error = toApiError(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async signOut(): Promise<void> {
    this.busy = true;
    try {
      this.state = await signOut(fetch);
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.busy = false;
    }
  }

  /** A write answered 401 or a CSRF refusal: the session ended (expired, signed out elsewhere); ask the server again. */
  lost(): void {
    void this.refresh();
  }
}

export const session = new Session();
