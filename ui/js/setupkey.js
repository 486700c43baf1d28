// Live validation of a typed setup key (tested with node --test). It mirrors
// omamori_otp::Secret::from_setup_key so the person sees the same verdict
// before pressing "Add"; the backend checks again and has the last word.

const ALPHABET = /^[A-Za-z2-7]$/;
const SEPARATORS = /^[ \-\t\r\n]$/;
const MIN_BITS = 80;

/**
 * Checks a setup key. Returns {ok: true} or {ok: false, error, position,
 * char}, where `error` is one of empty, char, padding, length, short and
 * `position` counts characters from 1 as typed.
 */
export function checkSetupKey(text) {
  const chars = Array.from(String(text ?? ''));
  let count = 0;
  let paddingAt = null;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const position = i + 1;
    if (SEPARATORS.test(c)) continue;
    if (c === '=') {
      if (paddingAt === null) paddingAt = position;
      continue;
    }
    if (paddingAt !== null) return { ok: false, error: 'padding', position, char: c };
    if (!ALPHABET.test(c)) return { ok: false, error: 'char', position, char: c };
    count++;
  }
  if (count === 0) return { ok: false, error: 'empty' };
  const rest = count % 8;
  if (rest === 1 || rest === 3 || rest === 6) return { ok: false, error: 'length' };
  const bits = Math.floor((count * 5) / 8) * 8;
  if (bits < MIN_BITS) return { ok: false, error: 'short' };
  return { ok: true };
}
