import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Page } from './schema-kit.js';

/**
 * Query strings hold decimal digits only: "1e3", "0x10" and " " stay strings and fail IsInt.
 * (Number() accepted them, and a page like 99999999999999999999 became 1e20, whose OFFSET broke
 * the SQL with a 500.)
 */
export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

/** Far beyond any real list; keeps OFFSET a plain integer in SQL. */
export const MAX_PAGE = 1_000_000;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}

/** A page of a list: the type of schema-kit's `page(item)`. */
export type { Page };

export function pageOf<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}
