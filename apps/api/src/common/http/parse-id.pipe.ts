import { BadRequestException, ParseIntPipe } from '@nestjs/common';

/** Route ids: an integer, or a 400 in the usual field-message shape. */
export const PARSE_ID = new ParseIntPipe({
  exceptionFactory: () => new BadRequestException(['id must be an integer']),
});
