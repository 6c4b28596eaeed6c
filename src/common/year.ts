import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The calendar years the service accepts (commitments, cycles, reports, study themes). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/**
 * The Swagger CLI plugin reads `@Min`/`@Max` from the AST of each `*.dto.ts` file, so it does not
 * see them inside this decorator: the range is stated as the property's OpenAPI metadata instead.
 * It is stored the way the plugin stores its own (the metadata key, without adding the property to
 * the class's ordered property list), so the plugin still lists the property in declaration order
 * and merges its type, `required` and description in front: the document is the same as with the
 * validators written out.
 */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
export function documentedRange(minimum: number, maximum: number): PropertyDecorator {
  return (target, key) => {
    const existing = (Reflect.getOwnMetadata(API_MODEL_PROPERTIES, target, key) ?? {}) as object;
    Reflect.defineMetadata(API_MODEL_PROPERTIES, { ...existing, minimum, maximum }, target, key);
  };
}
const yearRange = documentedRange(MIN_YEAR, MAX_YEAR);

/**
 * A year in a JSON body: an integer from 2000 to 2100. The validators run in the order the stacked
 * `@IsInt() @Min(2000) @Max(2100)` ran (decorators apply bottom-up), so error details read the same.
 */
export function IsYear(): PropertyDecorator {
  return applyDecorators(yearRange, Max(MAX_YEAR), Min(MIN_YEAR), IsInt());
}

/** A year in a query string: converted to a number, then checked as {@link IsYear}. */
export function IsQueryYear(): PropertyDecorator {
  return applyDecorators(
    yearRange,
    Max(MAX_YEAR),
    Min(MIN_YEAR),
    IsInt(),
    Type(() => Number),
  );
}
