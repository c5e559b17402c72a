/** The API caps email addresses at 254 characters (RFC 5321). */
export const EMAIL_MAX_LENGTH = 254;
