// A plain password strength hint (tested with node --test): length first,
// then the variety of characters, with well-known weak patterns pulled down.
// It is a nudge for the person choosing, not a security guarantee: the
// vault's Argon2id does the real work.

const COMMON = ['password', 'passw0rd', '123456', 'qwerty', 'abc123', 'letmein', 'omamori', 'iloveyou', 'admin', 'welcome'];

/** Score 0 (very weak) to 4 (very strong). */
export function strength(password) {
  const p = String(password ?? '');
  const length = Array.from(p).length;
  if (length === 0) return 0;
  const lower = p.toLowerCase();
  if (COMMON.some((c) => lower.includes(c)) && length < 16) return 0;
  if (/^(.)\1*$/.test(p)) return 0;
  let classes = 0;
  if (/[a-z]/.test(p)) classes++;
  if (/[A-Z]/.test(p)) classes++;
  if (/[0-9]/.test(p)) classes++;
  if (/[^A-Za-z0-9]/.test(p)) classes++;
  // Japanese (kana, kanji) draws from a much larger set per character.
  const wide = /[\u3040-\u30ff\u4e00-\u9fff]/.test(p);
  const effective = length + (wide ? length : 0);
  let score;
  if (effective < 8) score = 0;
  else if (effective < 12) score = 1;
  else if (effective < 16) score = 2;
  else if (effective < 20) score = 3;
  else score = 4;
  if (classes >= 3 && score < 4 && effective >= 10) score++;
  if (classes === 1 && !wide && score > 1) score--;
  return Math.min(4, score);
}
