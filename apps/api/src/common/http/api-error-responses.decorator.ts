import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

import { statusText } from '../filters/api-exception.filter';

/** The single error body, as Swagger shows it. */
export class ApiErrorDto {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['email must be a valid email address'],
  })
  message!: string | string[];
}

/** Documents the error statuses a route can answer with, all in the one error shape. */
export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: statusText(status), type: ApiErrorDto }),
    ),
  );
}
