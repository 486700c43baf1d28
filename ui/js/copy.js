// Copying a code, the most frequent thing anyone does: the backend puts it
// on the clipboard (and clears it later); the person sees 「✓ コピーしました」
// on the button itself for a few seconds, and the toast (a polite live
// region) says it for screen readers too.

import { t } from './i18n.js';

/** How long the button keeps saying it copied. */
export const COPIED_MS = 3000;

const timers = new WeakMap();

/** Copies the code of account `id`; returns whether it worked. */
export async function copyCode(app, id, button) {
  try {
    await app.api.copyCode(id);
  } catch (e) {
    app.toast(app.errorText(e));
    return false;
  }
  const seconds = app.settings ? app.settings.clipboard_clear_seconds : 0;
  app.toast(seconds > 0 ? t('codes.copiedClears', { seconds }) : t('codes.copied'));
  if (button) {
    clearTimeout(timers.get(button));
    button.textContent = t('codes.copiedButton');
    button.classList.add('copied');
    timers.set(button, setTimeout(() => {
      button.textContent = t('codes.copy');
      button.classList.remove('copied');
    }, COPIED_MS));
  }
  return true;
}
