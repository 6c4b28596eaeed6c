import { Param, ParseIntPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/** An integer path parameter; anything else answers 400 naming it. */
export const IntParam = (name: string) =>
  Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () => DomainError.invalidField(name, 'isInt', `${name} must be an integer`),
    }),
  );
