import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only a field that is left out skips validation. class-validator's
 * IsOptional also skips null, which let `{ "fullName": null }` through to services that then failed
 * with a 500. Use this for every optional field that has no meaningful null.
 */
export const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
