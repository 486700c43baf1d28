// Pure countdown arithmetic for time-based codes (tested with node --test).
// Times are Unix seconds (floating point allowed for "now").

/** When the next code is shown beside the current one: its last seconds. */
export const NEXT_CODE_SECONDS = 7;

/** Seconds left until `validUntil`, never negative. */
export function secondsLeft(validUntil, now) {
  return Math.max(0, validUntil - now);
}

/** Whole seconds to show ("5" from 4.2 s left, as a clock does). */
export function displaySeconds(validUntil, now) {
  return Math.ceil(secondsLeft(validUntil, now));
}

/** Fraction of the validity window still left, from 1 down to 0. */
export function fractionLeft(validFrom, validUntil, now) {
  const span = validUntil - validFrom;
  if (!(span > 0)) return 0;
  return Math.min(1, Math.max(0, (validUntil - now) / span));
}

/** Whether to show the next code: in the last seconds of a window. */
export function showNext(validUntil, now, period) {
  const threshold = Math.min(NEXT_CODE_SECONDS, period / 3);
  const left = secondsLeft(validUntil, now);
  return left > 0 && left <= threshold;
}

/** Whether a code has expired and the list must be refreshed. */
export function expired(validUntil, now) {
  return now >= validUntil;
}

/** Milliseconds until the earliest window among `accounts` ends (null if none). */
export function msUntilRefresh(accounts, now) {
  let earliest = null;
  for (const a of accounts) {
    if (a.valid_until == null) continue;
    if (earliest === null || a.valid_until < earliest) earliest = a.valid_until;
  }
  return earliest === null ? null : Math.max(0, (earliest - now) * 1000);
}

/**
 * The difference between the backend's clock and ours, in seconds, so the
 * countdown follows the clock the codes were computed with.
 */
export function clockOffset(backendNow, localNow) {
  return backendNow - Math.floor(localNow);
}
