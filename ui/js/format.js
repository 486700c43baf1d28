// Pure formatting of codes and times (tested with node --test).

/**
 * Groups a code for reading: 6 digits as "123 456", 8 as "1234 5678",
 * 7 as "123 4567", 9 and 10 in threes from the left; Steam's 5 letters and
 * anything shorter stay whole.
 */
export function groupCode(code) {
  const s = String(code);
  if (s.length < 6) return s;
  if (s.length === 6) return `${s.slice(0, 3)} ${s.slice(3)}`;
  if (s.length === 7) return `${s.slice(0, 3)} ${s.slice(3)}`;
  if (s.length === 8) return `${s.slice(0, 4)} ${s.slice(4)}`;
  const parts = [];
  for (let i = 0; i < s.length; i += 3) parts.push(s.slice(i, i + 3));
  return parts.join(' ');
}

/**
 * A code as a screen reader should say it: one character at a time
 * ("8 8 6 9 2 1"), not "886 921" read as two numbers.
 */
export function spokenCode(code) {
  return Array.from(String(code).replace(/\s+/g, '')).join(' ');
}

/** A setup key in groups of four for reading aloud or copying by hand. */
export function groupKey(key) {
  return String(key).replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** The first letter of the issuer (or account) for the account's icon. */
export function initial(issuer, account) {
  const source = (issuer || account || '?').trim() || '?';
  const first = Array.from(source)[0];
  return first.toLocaleUpperCase();
}

/** "Issuer (account)", or whichever exists. */
export function accountLabel(issuer, account) {
  if (issuer && account) return `${issuer} (${account})`;
  return issuer || account || '';
}

/** A Unix time as a local date and time in `lang`. */
export function formatTime(unixSeconds, lang) {
  const format = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return format.format(new Date(unixSeconds * 1000));
}
