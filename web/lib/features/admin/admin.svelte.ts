/**
 * Whether this browser is signed in as the administrator, shared by every
 * page that changes data (today: the import page's commit and undo). The
 * session itself is an HttpOnly cookie the page never sees.
 */
import { toApiError, type ApiError } from '$lib/api';
import { getSession, signIn, signOut } from './api';

export class AdminSession {
  /** null until the server has answered. */
  admin = $state<boolean | null>(null);
  busy = $state(false);
  error = $state.raw<ApiError | null>(null);

  async refresh(fetchFn: typeof fetch = fetch): Promise<void> {
    try {
      this.admin = (await getSession(fetchFn)).admin;
    } catch {
      this.admin = false;
    }
  }

  async signIn(password: string): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      this.admin = (await signIn(fetch, password)).admin;
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
      this.admin = (await signOut(fetch)).admin;
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.busy = false;
    }
  }

  /** A write answered 401 admin_required: the session expired or the server restarted. */
  lost(): void {
    this.admin = false;
  }
}

export const adminSession = new AdminSession();
