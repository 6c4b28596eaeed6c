import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, AppConfig } from '../config/config.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Length in characters (code points), so a Vietnamese passphrase counts as the user sees it. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** argon2id as OWASP recommends (m >= 19 MiB, t >= 2, p = 1). The whole password is hashed, never truncated. */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password.normalize('NFC'), {
      type: argon2.argon2id,
      memoryCost: this.config.auth.argon2MemoryKiB,
      timeCost: this.config.auth.argon2TimeCost,
      parallelism: 1,
    });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    // Unknown users still cost one verification, so timing does not reveal which usernames exist.
    const target = hash ?? (await (this.dummyHash ??= this.hash('camket-dummy-password')));
    try {
      return (await argon2.verify(target, password.normalize('NFC'))) && hash !== null;
    } catch {
      return false;
    }
  }
}
