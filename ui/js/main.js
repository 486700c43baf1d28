// Starts the UI: asks the backend where things stand, loads the language,
// and shows first run, the lock screen or the codes. Also wires what is
// global: the lock event (the page reloads so nothing of the vault stays in
// the webview), idle reporting, Ctrl+V and dropped images.

import { api } from './api.js';
import * as i18n from './i18n.js';
import { t } from './i18n.js';
import { applyLook } from './theme.js';
import { toast } from './toast.js';
import { clear } from './dom.js';
import { initDialog, closeDialog } from './dialog.js';
import { showFirstRun } from './views/firstrun.js';
import { showUnlock } from './views/unlock.js';
import { showTransfer } from './views/transfer.js';
import { showCodes } from './views/codes.js';
import { showSettings } from './views/settings.js';
import { dropped, pasteShortcut } from './views/add.js';

const TOUCH_INTERVAL_MS = 15000;

const app = {
  api,
  settings: null,
  codesView: null,
  unmountHandlers: [],

  mount(node) {
    for (const handler of this.unmountHandlers.splice(0)) handler();
    this.codesView = null;
    const root = document.getElementById('view');
    clear(root);
    root.append(node);
    // A new screen starts at its top, not where the last one was scrolled.
    window.scrollTo(0, 0);
    root.scrollTop = 0;
  },

  onUnmount(handler) {
    this.unmountHandlers.push(handler);
  },

  toast,

  errorText(error) {
    const kind = error && error.kind ? error.kind : 'other';
    const text = t(`error.${kind}`);
    return text === `error.${kind}` ? t('error.other') : text;
  },

  async showCodes(options) {
    try {
      const data = await api.codes();
      showCodes(this, data, options);
    } catch (e) {
      if (e && e.kind === 'locked') showUnlock(this); else toast(this.errorText(e));
    }
  },

  showSettings() {
    return showSettings(this);
  },

  showTransfer() {
    return showTransfer(this);
  },

  /** Applies saved settings; a new language re-renders the current screen. */
  async applySettings(settings, { rerender } = {}) {
    this.settings = settings;
    applyLook(settings);
    const lang = i18n.pickLanguage(settings.language, navigator.languages);
    if (lang !== i18n.currentLanguage() || rerender) {
      await i18n.load(lang);
      document.title = t('app.name');
      if (rerender) await showSettings(this);
    }
  },

  /** The backend locked: reload so no account data stays in this page. */
  locked(reason) {
    closeDialog();
    window.location.hash = `locked-${reason}`;
    window.location.reload();
  },
};

function lockReason() {
  const match = /^#locked-(\w+)$/.exec(window.location.hash);
  return match ? match[1] : null;
}

function reportActivity() {
  let last = 0;
  const report = () => {
    const now = Date.now();
    if (now - last < TOUCH_INTERVAL_MS) return;
    last = now;
    api.touch().catch(() => {});
  };
  for (const event of ['keydown', 'pointerdown', 'wheel']) document.addEventListener(event, report, { passive: true, capture: true });
}

async function boot() {
  initDialog();
  const status = await api.status();
  app.settings = status.settings;
  applyLook(status.settings);
  await i18n.load(i18n.pickLanguage(status.settings.language, navigator.languages));
  document.title = t('app.name');

  api.on('locked', (reason) => app.locked(reason));
  api.on('image-dropped', (result) => { if (app.codesView) dropped(app, result); });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v' && pasteShortcut(e)) e.preventDefault();
  });
  reportActivity();

  const reason = lockReason();
  if (reason) history.replaceState(null, '', window.location.pathname);
  if (!status.vault_exists) {
    showFirstRun(app, status);
  } else if (status.unlocked) {
    await app.showCodes();
  } else if (status.keyring_slot && !reason) {
    app.mount(document.createTextNode(t('unlock.auto')));
    try {
      await api.unlockKeyring();
      await app.showCodes();
    } catch {
      showUnlock(app, { note: t('unlock.keyringFailed') });
    }
  } else {
    showUnlock(app, { note: reason ? t(`unlock.reason.${reason}`) : null });
  }
}

boot().catch((e) => {
  document.getElementById('view').textContent = String(e && e.kind ? e.kind : e);
});
