/** The single error body every API error uses. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  /** One message, or one per invalid field for validation errors. */
  message: string | string[];
}
