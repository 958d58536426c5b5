// What a staff password must be. Length is what resists guessing; composition rules only
// push people to predictable patterns, so the policy asks for length and refuses the few
// shapes that are long yet trivially guessed. Pure: no I/O.

export const MIN_PASSWORD_LENGTH = 12;
// Long enough for any passphrase; bounded so that a huge body cannot make hashing slow.
export const MAX_PASSWORD_LENGTH = 256;

/** Why the password is refused, or null when it is acceptable. */
export function passwordWeakness(password: string, username: string): string | null {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (chars.length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() !== password) return 'a password may not begin or end with spaces (they are easily lost when typed)';
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return 'a password may not contain the username';
  if (new Set(chars).size < 4) return 'a password needs at least 4 different characters';
  if (isRun(chars)) return 'a password may not be a run of consecutive characters';
  return null;
}

function isRun(chars: string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) !== 1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}
