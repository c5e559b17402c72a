import type { Multipart } from '@fastify/multipart';
import {
  BadRequestException,
  createParamDecorator,
  ExecutionContext,
  HttpException,
  Injectable,
  PayloadTooLargeException,
  PipeTransform,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { FastifyRequest } from 'fastify';

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

/** A request's validated fields and, for multipart requests, its one optional file. */
export interface FormWithFile<T> {
  fields: T;
  file: UploadedFile | null;
}

export interface FileFieldRules {
  /** Name of the multipart file field. */
  field: string;
  maxBytes: number;
}

/** Multipart framing and the other fields never add up to a megabyte. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

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
 * Reads a JSON body or a multipart/form-data body with the same fields plus one file, and
 * validates the fields like the global ValidationPipe (whitelist, no unknown fields).
 */
@Injectable()
export class FormWithFilePipe<T extends object> implements PipeTransform<
  FastifyRequest,
  Promise<FormWithFile<T>>
> {
  constructor(
    private readonly dto: new () => T,
    private readonly rules: FileFieldRules,
  ) {}

  private get tooLarge(): string {
    return `Files are limited to ${this.rules.maxBytes / (1024 * 1024)} MB`;
  }

  async transform(request: FastifyRequest): Promise<FormWithFile<T>> {
    const { raw, file } = request.isMultipart()
      ? await this.readMultipart(request)
      : { raw: this.readJson(request), file: null };
    const fields = plainToInstance(this.dto, raw);
    const errors = await validate(fields, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new BadRequestException(messages(errors));
    return { fields, file };
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
  ): Promise<{ raw: Record<string, unknown>; file: UploadedFile | null }> {
    const declared = Number(request.headers['content-length']);
    if (declared > this.rules.maxBytes + MULTIPART_OVERHEAD_BYTES) {
      throw new PayloadTooLargeException(this.tooLarge);
    }
    const raw: Record<string, unknown> = {};
    let file: UploadedFile | null = null;
    try {
      for await (const part of request.parts() as AsyncIterableIterator<Multipart>) {
        if (part.type === 'field') {
          raw[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== this.rules.field) {
          part.file.resume();
          throw new BadRequestException(`Unexpected file field ${part.fieldname}`);
        }
        const data = await part.toBuffer();
        if (data.length > this.rules.maxBytes) throw new PayloadTooLargeException(this.tooLarge);
        if (data.length === 0) throw new BadRequestException('The file is empty');
        file = { fileName: part.filename ?? '', data };
      }
    } catch (error) {
      if (isFastifyCode(error, 'FST_REQ_FILE_TOO_LARGE'))
        throw new PayloadTooLargeException(this.tooLarge);
      const code = (error as { code?: unknown } | null)?.code;
      if (error instanceof HttpException || (typeof code === 'string' && code.startsWith('FST_')))
        throw error;
      // The parser (busboy) throws plain errors for a broken body: no boundary, a cut-off part.
      throw new BadRequestException(['The multipart/form-data body could not be read']);
    }
    return { raw, file };
  }
}

const RawRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): FastifyRequest =>
    context.switchToHttp().getRequest<FastifyRequest>(),
);

/** The validated fields of a JSON or multipart request, and its file if any. */
export const FormWithFileBody = <T extends object>(dto: new () => T, rules: FileFieldRules) =>
  RawRequest(new FormWithFilePipe(dto, rules));
