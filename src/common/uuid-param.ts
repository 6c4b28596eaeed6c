import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/** A path id that must be a UUID; anything else answers 400 naming the parameter. */
export function UuidParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({
      version: undefined,
      exceptionFactory: () => DomainError.invalidField(name, 'isUuid', `${name} must be a UUID`),
    }),
  );
}
