import type { ApiErrorBody } from '@hostdeck/contracts';
import { HttpErrorResponse } from '@angular/common/http';

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  const message = body['message'];
  return (
    typeof body['statusCode'] === 'number' &&
    (typeof message === 'string' ||
      (Array.isArray(message) && message.every((item) => typeof item === 'string')))
  );
}

/** The API's message(s) from an error response, always as a list; empty when there are none. */
export function apiErrorMessages(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse) || !isApiErrorBody(error.error)) return [];
  const { message } = error.error;
  return (Array.isArray(message) ? message : [message]).filter((text) => text.trim() !== '');
}

/** The HTTP status of a failed request, or null for anything that is not an HTTP error. */
export function httpStatus(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}

/**
 * A user-facing sentence for errors no view is expected to handle: the network is down
 * (status 0) or the server failed (5xx). Returns null for every other error.
 */
export function unexpectedErrorMessage(error: unknown): string | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  if (error.status === 0) {
    return 'Cannot reach the Hostdeck server. Check your connection and try again.';
  }
  if (error.status >= 500) {
    const [detail] = apiErrorMessages(error);
    // 502/503 carry a clear message from the API (e.g. the Proxmox cluster is unreachable);
    // a bare 500 says nothing useful, so it gets a generic sentence.
    if (detail && error.status !== 500) return detail;
    return `Something went wrong on our side (error ${error.status}). Please try again.`;
  }
  return null;
}

/**
 * One sentence for a failed request, for views and toasts: the API's own message(s) for a 4xx,
 * the network / server sentence for status 0 and 5xx, otherwise `fallback`.
 */
export function errorMessage(error: unknown, fallback: string): string {
  const unexpected = unexpectedErrorMessage(error);
  if (unexpected) return unexpected;
  const messages = apiErrorMessages(error).map(capitalize);
  return messages.length > 0 ? messages.join(' ') : fallback;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
