import type { Multipart } from '@fastify/multipart';
import { TICKET_ATTACHMENT_FIELD, TICKET_ATTACHMENT_MAX_BYTES } from '@hostdeck/contracts';
import {
  BadRequestException,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  PayloadTooLargeException,
  PipeTransform,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { FastifyRequest } from 'fastify';

export interface UploadedAttachment {
  fileName: string;
  data: Buffer;
}

/** A request's validated fields and, for multipart requests, its one optional file. */
export interface TicketForm<T> {
  fields: T;
  attachment: UploadedAttachment | null;
}

/** Multipart framing and the other fields never add up to a megabyte. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

const TOO_LARGE = `Attachments are limited to ${TICKET_ATTACHMENT_MAX_BYTES / (1024 * 1024)} MB`;

function messages(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...messages(error.children ?? []),
  ]);
}

function isFastifyCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * Reads a JSON body or a multipart/form-data body with the same fields plus an `attachment`
 * file, and validates the fields like the global ValidationPipe (whitelist, no unknown fields).
 */
@Injectable()
export class TicketFormPipe<T extends object> implements PipeTransform<
  FastifyRequest,
  Promise<TicketForm<T>>
> {
  constructor(private readonly dto: new () => T) {}

  async transform(request: FastifyRequest): Promise<TicketForm<T>> {
    const { raw, attachment } = request.isMultipart()
      ? await this.readMultipart(request)
      : { raw: this.readJson(request), attachment: null };
    const fields = plainToInstance(this.dto, raw);
    const errors = await validate(fields, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new BadRequestException(messages(errors));
    return { fields, attachment };
  }

  private readJson(request: FastifyRequest): Record<string, unknown> {
    const body: unknown = request.body;
    if (body === undefined || body === null) return {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequestException('The request body must be a JSON object');
    }
    return body as Record<string, unknown>;
  }

  private async readMultipart(
    request: FastifyRequest,
  ): Promise<{ raw: Record<string, unknown>; attachment: UploadedAttachment | null }> {
    const declared = Number(request.headers['content-length']);
    if (declared > TICKET_ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES) {
      throw new PayloadTooLargeException(TOO_LARGE);
    }
    const raw: Record<string, unknown> = {};
    let attachment: UploadedAttachment | null = null;
    try {
      for await (const part of request.parts() as AsyncIterableIterator<Multipart>) {
        if (part.type === 'field') {
          raw[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== TICKET_ATTACHMENT_FIELD) {
          part.file.resume();
          throw new BadRequestException(`Unexpected file field ${part.fieldname}`);
        }
        const data = await part.toBuffer();
        if (data.length === 0) throw new BadRequestException('The attachment is empty');
        attachment = { fileName: part.filename ?? '', data };
      }
    } catch (error) {
      if (isFastifyCode(error, 'FST_REQ_FILE_TOO_LARGE'))
        throw new PayloadTooLargeException(TOO_LARGE);
      throw error;
    }
    return { raw, attachment };
  }
}

const RawRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): FastifyRequest =>
    context.switchToHttp().getRequest<FastifyRequest>(),
);

/** The validated fields of a JSON or multipart request, and its attachment if any. */
export const TicketFormBody = <T extends object>(dto: new () => T) =>
  RawRequest(new TicketFormPipe(dto));
