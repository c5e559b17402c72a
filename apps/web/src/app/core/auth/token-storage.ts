import { Injectable } from '@angular/core';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * The session's tokens in localStorage, under one key so a write is atomic and other tabs
 * see a single `storage` event. Reads always go to storage, so every tab uses the newest
 * rotated refresh token.
 */
@Injectable({ providedIn: 'root' })
export class TokenStorage {
  static readonly key = 'hostdeck.session';

  read(): StoredTokens | null {
    const raw = this.storage()?.getItem(TokenStorage.key);
    return raw ? parseTokens(raw) : null;
  }

  write(tokens: StoredTokens): void {
    const { accessToken, refreshToken } = tokens;
    this.storage()?.setItem(TokenStorage.key, JSON.stringify({ accessToken, refreshToken }));
  }

  clear(): void {
    this.storage()?.removeItem(TokenStorage.key);
  }

  private storage(): Storage | null {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      // Storage can throw when the browser blocks it (privacy settings, sandboxed frames).
      return null;
    }
  }
}

export function parseTokens(raw: string): StoredTokens | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { accessToken, refreshToken } = value as Record<string, unknown>;
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') return null;
    return { accessToken, refreshToken };
  } catch {
    return null;
  }
}
