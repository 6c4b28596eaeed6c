import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { IsQueryYear, IsYear } from './year.js';

class BodyYear {
  @IsYear()
  year: number;
}

class QueryYear {
  @IsQueryYear()
  year: number;
}

/** The validators as every DTO wrote them before `IsYear`. */
class StackedYear {
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

const errors = (cls: new () => object, plain: object) =>
  validateSync(plainToInstance(cls, plain)).flatMap((e) => Object.keys(e.constraints ?? {}));

describe('IsYear / IsQueryYear', () => {
  it.each([2000, 2026, 2100])('accepts %s', (year) => {
    expect(errors(BodyYear, { year })).toEqual([]);
    expect(errors(QueryYear, { year: String(year) })).toEqual([]);
  });

  it.each([
    [1999, ['min']],
    [2101, ['max']],
    [2026.5, ['isInt']],
  ])('refuses %s naming the rule', (year, rules) => {
    expect(errors(BodyYear, { year })).toEqual(rules);
    expect(errors(QueryYear, { year: String(year) })).toEqual(rules);
  });

  it('converts a query string but not a body string', () => {
    expect(plainToInstance(QueryYear, { year: '2026' }).year).toBe(2026);
    expect(errors(BodyYear, { year: '2026' })).toEqual(['max', 'min', 'isInt']);
  });

  it.each(['năm', 1999, 2101, 2026.5])('reports %s as the validators written out did', (year) => {
    expect(errors(BodyYear, { year })).toEqual(errors(StackedYear, { year }));
  });
});
