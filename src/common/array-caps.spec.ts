import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { MAX_ARRAY_ITEMS, oversizedArrays } from './array-caps.js';

class Item {
  @IsString()
  content: string;

  @IsArray()
  @ArrayMaxSize(3)
  @IsInt({ each: true })
  codes: number[];
}

class Body {
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];

  /** No declared cap: the safety net applies. */
  @IsString({ each: true })
  tags: string[];
}

describe('oversizedArrays', () => {
  it('accepts arrays within their caps', () => {
    expect(oversizedArrays({ items: [{ content: 'Học tập', codes: [1, 2, 3] }], tags: ['a'] }, Body)).toEqual(
      [],
    );
  });

  it('names an array over its declared cap with the arrayMaxSize rule', () => {
    expect(oversizedArrays({ items: [{}, {}, {}] }, Body)).toEqual([
      { field: 'items', rule: 'arrayMaxSize', message: 'items must contain no more than 2 elements' },
    ]);
  });

  it('finds an oversized array inside an element of a nested array', () => {
    const problems = oversizedArrays({ items: [{ codes: [1] }, { codes: [1, 2, 3, 4] }] }, Body);
    expect(problems.map((p) => [p.field, p.rule])).toEqual([['items.1.codes', 'arrayMaxSize']]);
  });

  it('caps an array property that declares no maximum at MAX_ARRAY_ITEMS', () => {
    expect(oversizedArrays({ tags: Array.from({ length: MAX_ARRAY_ITEMS }, () => 'x') }, Body)).toEqual([]);
    const problems = oversizedArrays({ tags: Array.from({ length: MAX_ARRAY_ITEMS + 1 }, () => 'x') }, Body);
    expect(problems.map((p) => p.field)).toEqual(['tags']);
  });

  it('leaves values of other types to the validators and does not descend into an oversized array', () => {
    expect(oversizedArrays({ items: 'không phải mảng', tags: 3 }, Body)).toEqual([]);
    expect(oversizedArrays(null, Body)).toEqual([]);
    const huge = Array.from({ length: 100_000 }, () => ({ codes: [1, 2, 3, 4] }));
    expect(oversizedArrays({ items: huge }, Body).map((p) => p.field)).toEqual(['items']);
  });
});
