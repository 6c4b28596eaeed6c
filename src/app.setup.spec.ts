import { plainToInstance, Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { describe, expect, it } from 'vitest';
import type { ValidationError } from '@nestjs/common';
import { nestedDeeperThan, nestedShapeProblems, validationDetails } from './app.setup.js';

class Guest {
  @IsString()
  fullName: string;
}

class Meeting {
  @ValidateNested({ each: true })
  @Type(() => Guest)
  guests: Guest[];

  @ValidateNested()
  @Type(() => Guest)
  chair?: Guest;
}

describe('nestedShapeProblems', () => {
  it('accepts arrays of objects and a nested object', () => {
    const dto = plainToInstance(Meeting, {
      guests: [{ fullName: 'Khách mời' }],
      chair: { fullName: 'Chủ trì' },
    });
    expect(nestedShapeProblems(dto)).toEqual([]);
  });

  it('names each element that is an array or a scalar', () => {
    const dto = plainToInstance(Meeting, { guests: [{ fullName: 'A' }, [{ fullName: 'B' }], 'C'] });
    expect(nestedShapeProblems(dto).map((p) => p.field)).toEqual(['guests.1', 'guests.2']);
  });

  it('leaves missing and null values to the field’s own validators', () => {
    expect(nestedShapeProblems(plainToInstance(Meeting, { guests: [null] }))).toEqual([]);
    expect(nestedShapeProblems(plainToInstance(Meeting, {}))).toEqual([]);
  });
});

describe('nestedDeeperThan', () => {
  it('measures nesting without recursion', () => {
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestedDeeperThan(deep, 32)).toBe(true);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });
});

describe('validationDetails', () => {
  it('flattens 100,000 element errors without overflowing the stack, in the order reported', () => {
    const errors: ValidationError[] = [
      {
        property: 'items',
        children: Array.from({ length: 100_000 }, (_, i) => ({
          property: String(i),
          children: [
            { property: 'content', constraints: { isString: 'content must be a string' }, children: [] },
          ],
        })),
      },
    ];
    const details = validationDetails(errors);
    expect(details).toHaveLength(100_000);
    expect(details[0]).toEqual({
      field: 'items.0.content',
      rule: 'isString',
      message: 'items.0.content must be a string',
    });
    expect(details[99_999].field).toBe('items.99999.content');
  });
});
