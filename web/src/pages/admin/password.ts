/**
 * A temporary password to read out or hand over on paper: 16 characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I), in four groups of four joined by '-' (19 characters, over the API's
 * 12), drawn with the browser's cryptographic generator.
 */
export const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(random: (n: number) => Uint32Array = randomWords): string {
  const words = random(16);
  const chars = [...words].map((w) => PASSWORD_ALPHABET[w % PASSWORD_ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

function randomWords(n: number): Uint32Array {
  return crypto.getRandomValues(new Uint32Array(n));
}

/** The API's rule (src/auth/passwords.ts): 12 to 128 characters, counted as a person sees them. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Cần ít nhất ${PASSWORD_MIN} ký tự.`;
  if (length > PASSWORD_MAX) return `Dài quá mức cho phép (tối đa ${PASSWORD_MAX} ký tự).`;
  return null;
}
