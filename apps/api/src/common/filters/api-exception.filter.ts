import type { ApiErrorBody } from '@hostdeck/contracts';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { InfrastructureError } from '../errors/infrastructure.error';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/** Errors raised by Fastify itself (bad JSON, body too large) carry a statusCode and a code. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function isFastifyError(error: unknown): error is FastifyLikeError {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as FastifyLikeError).code;
  return typeof code === 'string' && code.startsWith('FST_');
}

/** Connection-level failures of the database driver: the database is away, not the request wrong. */
const DATABASE_UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
]);

export const DATABASE_UNREACHABLE_MESSAGE =
  'The database is unreachable right now; please try again shortly';

/** The error (or the driver error TypeORM wraps) says the database cannot be reached. */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && DATABASE_UNREACHABLE_CODES.has(code)) return true;
    // mysql2 handing out a connection the server has just closed.
    if (/connection is in closed state/.test(String((current as { message?: unknown }).message)))
      return true;
    current = (current as { driverError?: unknown }).driverError;
  }
  return false;
}

/** Turns any thrown value into the single error shape; never a stack trace or upstream body. */
export function toApiError(exception: unknown): ApiErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message: string | string[] = exception.message;
    if (typeof response === 'string') message = response;
    else if (typeof response === 'object' && response !== null && 'message' in response) {
      const value = (response as { message: unknown }).message;
      if (typeof value === 'string' || Array.isArray(value)) message = value as string | string[];
    }
    return { statusCode: status, error: statusText(status), message };
  }
  if (exception instanceof InfrastructureError) {
    const status = exception.statusCode;
    return { statusCode: status, error: statusText(status), message: exception.publicMessage };
  }
  if (isFastifyError(exception) && exception.statusCode && exception.statusCode < 500) {
    const status = exception.statusCode;
    const message =
      exception.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'Request body is too large'
        : exception.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Unsupported content type'
          : exception.code?.startsWith('FST_ERR_CTP')
            ? 'Request body is not valid JSON'
            : exception.code === 'FST_ERR_MAX_PARAM_LENGTH'
              ? 'A path parameter is too long'
              : exception.code === 'FST_ERR_BAD_URL'
                ? 'The URL is not valid (a broken %-escape)'
                : (exception.message ?? statusText(status));
    return { statusCode: status, error: statusText(status), message };
  }
  if (isDatabaseUnreachable(exception)) {
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    return { statusCode: status, error: statusText(status), message: DATABASE_UNREACHABLE_MESSAGE };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: statusText(500),
    message: 'Internal server error',
  };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = toApiError(exception);
    if (exception instanceof InfrastructureError || isDatabaseUnreachable(exception)) {
      this.logger.warn(
        `${request.method} ${request.url.split('?')[0]} failed upstream: ${exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception)}`,
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${request.url} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    void reply.status(body.statusCode).header('content-type', 'application/json').send(body);
  }
}
