// Live validation of a typed setup key (tested with node --test). It mirrors
// omamori_otp::Secret::from_setup_key (crates/otp/src/secret.rs, rules in
// docs/otpauth-rules.md) so the person sees the same verdict before pressing
// "Add"; the backend checks again and has the last word.
//
// Same rules as the crate: NFKC first (full-width letters, digits and the
// ideographic space typed with the Japanese IME read as ASCII), white space,
// hyphens, dashes and ー only separate groups, positions count the letters
// of the key (not the separators), and 0 / 1 / 8 carry a hint (O, I or L, B).

const ALPHABET = /^[A-Za-z2-7]$/;
const SEPARATOR = /^[\s\-\u2010-\u2015\u2212\u30FC\u200B\uFEFF]$/u;
const MIN_BITS = 80;
const HINTS = { 0: ['O'], 1: ['I', 'L'], 8: ['B'] };

/** A typed setup key as the backend gets it: full width folded (NFKC). */
export function normalizeKey(text) {
  return String(text ?? '').normalize('NFKC');
}

/** A whole number typed in any width ("３０" → 30); null if it is not one. */
export function normalizeNumber(text) {
  const s = String(text ?? '').normalize('NFKC').trim();
  return /^[0-9]+$/.test(s) ? Number(s) : null;
}

/**
 * Checks a setup key. Returns {ok: true} or {ok: false, error, position,
 * char, hint}, where `error` is one of empty, char, padding, length, short;
 * `position` counts the letters of the key from 1 (separators not counted);
 * `hint` is the list of letters a 0, 1 or 8 probably stands for.
 */
export function checkSetupKey(text) {
  const chars = Array.from(String(text ?? '').normalize('NFKC'));
  let count = 0;
  let position = 0;
  let padded = false;
  for (const c of chars) {
    if (SEPARATOR.test(c)) continue;
    position++;
    if (c === '=') {
      padded = true;
      continue;
    }
    if (padded) return { ok: false, error: 'padding', position, char: c };
    if (!ALPHABET.test(c)) {
      const verdict = { ok: false, error: 'char', position, char: c };
      if (HINTS[c]) verdict.hint = HINTS[c];
      return verdict;
    }
    count++;
  }
  if (count === 0) return { ok: false, error: 'empty' };
  const rest = count % 8;
  if (rest === 1 || rest === 3 || rest === 6) return { ok: false, error: 'length' };
  const bits = Math.floor((count * 5) / 8) * 8;
  if (bits < MIN_BITS) return { ok: false, error: 'short' };
  return { ok: true };
}
