import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  arrayOf,
  bool,
  component,
  count,
  date,
  dateTime,
  extend,
  nullable,
  object,
  omit,
  oneOf,
  page,
  record,
  ref,
  selfRef,
  Static,
  str,
  union,
  uuid,
} from './schema-kit.js';

const Đảngviên = component(
  'ĐảngViênThử',
  object(
    {
      id: uuid,
      fullName: str,
      status: oneOf(['official', 'probationary']),
      cellId: nullable(uuid),
      joinedOn: date,
      createdAt: dateTime,
      tags: arrayOf(str),
    },
    ['tags'],
  ),
);

describe('schema-kit types', () => {
  it('derives the type of scalars, nullables, enums and arrays', () => {
    expectTypeOf<Static<typeof str>>().toEqualTypeOf<string>();
    expectTypeOf<Static<typeof count>>().toEqualTypeOf<number>();
    expectTypeOf<Static<typeof bool>>().toEqualTypeOf<boolean>();
    expectTypeOf<Static<typeof dateTime>>().toEqualTypeOf<Date | string>();
    expectTypeOf<Static<ReturnType<typeof nullable<string>>>>().toEqualTypeOf<string | null>();
    const levels = oneOf(['excellent', 'good'] as const);
    expectTypeOf<Static<typeof levels>>().toEqualTypeOf<'excellent' | 'good'>();
    expect(levels).toEqual({ type: 'string', enum: ['excellent', 'good'] });
    const quarters = nullable(oneOf([1, 2, 3, 4]));
    expectTypeOf<Static<typeof quarters>>().toEqualTypeOf<1 | 2 | 3 | 4 | null>();
    expect(quarters).toEqual({ type: 'integer', enum: [1, 2, 3, 4, null], nullable: true });
    const ids = arrayOf(nullable(uuid));
    expectTypeOf<Static<typeof ids>>().toEqualTypeOf<(string | null)[]>();
    expect(ids).toEqual({ type: 'array', items: { type: 'string', format: 'uuid', nullable: true } });
  });

  it('derives an object with its optional properties', () => {
    expectTypeOf<Static<typeof Đảngviên>>().toEqualTypeOf<{
      id: string;
      fullName: string;
      status: 'official' | 'probationary';
      cellId: string | null;
      joinedOn: string;
      createdAt: Date | string;
      tags?: string[];
    }>();
    // A value missing a required property, or with a wrong enum value, is refused.
    expectTypeOf<{ id: string }>().not.toExtend<Static<typeof Đảngviên>>();
    expectTypeOf<{
      id: string;
      fullName: string;
      status: 'expelled';
      cellId: null;
      joinedOn: string;
      createdAt: string;
    }>().not.toExtend<Static<typeof Đảngviên>>();
  });

  it('derives extend, omit, references, records, unions and pages', () => {
    const withChildren = extend(omit(Đảngviên, ['tags', 'joinedOn']), { children: arrayOf(ref(Đảngviên)) });
    expectTypeOf<Static<typeof withChildren>>().toEqualTypeOf<{
      id: string;
      fullName: string;
      status: 'official' | 'probationary';
      cellId: string | null;
      createdAt: Date | string;
      children: Static<typeof Đảngviên>[];
    }>();
    expect(withChildren.required).toEqual(['id', 'fullName', 'status', 'cellId', 'createdAt', 'children']);
    const byCode = record(object({ text: str }));
    expectTypeOf<Static<typeof byCode>>().toEqualTypeOf<Record<string, { text: string }>>();
    expect(byCode.additionalProperties).toMatchObject({ type: 'object', required: ['text'] });
    const either = union(object({ a: str }), object({ b: count }));
    expectTypeOf<Static<typeof either>>().toEqualTypeOf<{ a: string } | { b: number }>();
    expect(either.oneOf).toHaveLength(2);
    const members = page(ref(Đảngviên), { cellName: str });
    expectTypeOf<Static<typeof members>>().toEqualTypeOf<{
      items: Static<typeof Đảngviên>[];
      total: number;
      page: number;
      pageSize: number;
      cellName: string;
    }>();
    expect(members.required).toEqual(['items', 'total', 'page', 'pageSize', 'cellName']);
  });
});

describe('schema-kit schemas', () => {
  it('builds closed objects with the required list in declaration order', () => {
    expect(Đảngviên).toEqual({
      type: 'object',
      properties: expect.any(Object),
      required: ['id', 'fullName', 'status', 'cellId', 'joinedOn', 'createdAt'],
      additionalProperties: false,
    });
    expect(Object.keys(Đảngviên.properties ?? {})).toEqual([
      'id',
      'fullName',
      'status',
      'cellId',
      'joinedOn',
      'createdAt',
      'tags',
    ]);
  });

  it('lists null in a nullable enum and wraps a nullable reference', () => {
    expect(nullable(oneOf(['a', 'b']))).toEqual({ type: 'string', enum: ['a', 'b', null], nullable: true });
    expect(nullable(ref(Đảngviên))).toEqual({
      nullable: true,
      allOf: [{ $ref: '#/components/schemas/ĐảngViênThử' }],
    });
  });

  it('keeps the optional properties of the base when extending or omitting', () => {
    const extended = extend(Đảngviên, { note: str }, ['note']);
    expect(extended.required).toEqual(['id', 'fullName', 'status', 'cellId', 'joinedOn', 'createdAt']);
    expect(omit(Đảngviên, ['id']).required).toEqual([
      'fullName',
      'status',
      'cellId',
      'joinedOn',
      'createdAt',
    ]);
  });

  it('refuses an optional property that is not described and a reference to an unnamed shape', () => {
    expect(() => object({ a: str }, ['b' as 'a'])).toThrow('optional property b is not described');
    expect(() => ref(object({ a: str }))).toThrow('not a named component');
    expect(selfRef<{ a: string }>('Tự')).toEqual({ $ref: '#/components/schemas/Tự' });
  });
});
