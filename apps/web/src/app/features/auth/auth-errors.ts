import { apiErrorMessages, httpStatus, unexpectedErrorMessage } from '../../core/errors/api-error';

export interface FormError {
  /** HTTP status, or null when the error did not come from the API. */
  readonly status: number | null;
  readonly messages: readonly string[];
}

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const DUPLICATE_EMAIL_MESSAGE = 'This email is already registered';
export const RATE_LIMITED_MESSAGE = 'Too many attempts, try again in a minute';

/** What the login and register forms say about a failed request. */
export function toFormError(error: unknown): FormError {
  const status = httpStatus(error);
  const serverMessages = apiErrorMessages(error).map(capitalize);
  switch (status) {
    case 400:
      return { status, messages: orFallback(serverMessages, 'Check the form and try again.') };
    case 401:
      return {
        status,
        messages: orFallback(serverMessages.slice(0, 1), INVALID_CREDENTIALS_MESSAGE),
      };
    case 409:
      return { status, messages: [DUPLICATE_EMAIL_MESSAGE] };
    case 429:
      return { status, messages: [RATE_LIMITED_MESSAGE] };
    default:
      return {
        status,
        messages: [unexpectedErrorMessage(error) ?? 'Something went wrong. Please try again.'],
      };
  }
}

function orFallback(messages: string[], fallback: string): string[] {
  return messages.length > 0 ? messages : [fallback];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
