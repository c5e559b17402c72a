import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Past this a page number is a 400: 1e308 once reached the SQL as an Infinity offset. */
export const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 100;

/**
 * `page` and `pageSize` as every paged list takes them; a list's query DTO extends the class this
 * returns (with its own default page size, which the service applies).
 */
export function PageQueryDto(defaultPageSize = 25) {
  class PageQuery {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    readonly page?: number;

    @ApiPropertyOptional({
      type: 'integer',
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: defaultPageSize,
    })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    readonly pageSize?: number;
  }
  return PageQuery;
}
