// Settings: language, theme, text size, auto-lock, clipboard clearing, "remember on
// this computer", password change, and the way to the activity list.

import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { askPassword } from '../password-dialog.js';
import { showActivity } from './activity.js';
import { showTransfer } from './transfer.js';
import { TEXT_SIZES } from '../theme.js';

const AUTO_LOCK = [1, 2, 5, 10, 15, 30, 60, 0];
const CLIPBOARD = [5, 10, 20, 30, 60, 120, 0];

export async function showSettings(app) {
  const status = await app.api.status();
  const s = { ...status.settings };
  const select = (id, options, value, onChange) => {
    const el = h('select', { id }, options.map(([v, label]) => h('option', { value: String(v), text: label, selected: String(v) === String(value) })));
    el.addEventListener('change', () => onChange(el.value));
    return el;
  };
  const save = async (change) => {
    try {
      const saved = await app.api.saveSettings({ ...s, ...change });
      Object.assign(s, saved);
      await app.applySettings(saved, { rerender: 'language' in change });
      if (!('language' in change)) app.toast(t('settings.saved'));
    } catch (e) {
      app.toast(app.errorText(e));
    }
  };

  const language = select('settings-language', [['os', t('settings.languageOs')], ['ja', t('settings.languageJa')], ['en', t('settings.languageEn')]], s.language, (v) => save({ language: v }));
  const theme = select('settings-theme', [['os', t('settings.themeOs')], ['light', t('settings.themeLight')], ['dark', t('settings.themeDark')]], s.theme, (v) => save({ theme: v }));
  const textSize = select('settings-text-size', TEXT_SIZES.map((v) => [v, t(`settings.textSize.${v}`)]), s.text_size, (v) => save({ text_size: v }));
  const autoLock = select('settings-autolock', AUTO_LOCK.map((m) => [m, m === 0 ? t('settings.autoLockNever') : t('settings.autoLockMinutes', { minutes: m })]), s.auto_lock_minutes, (v) => save({ auto_lock_minutes: Number(v) }));
  const clipboard = select('settings-clipboard', CLIPBOARD.map((c) => [c, c === 0 ? t('settings.clipboardNever') : t('settings.clipboardSeconds', { seconds: c })]), s.clipboard_clear_seconds, (v) => save({ clipboard_clear_seconds: Number(v) }));

  const keyring = h('input', { type: 'checkbox', id: 'settings-keyring', checked: status.keyring_slot });
  const keyringNote = h('p', { class: 'hint', attrs: { 'aria-live': 'polite' }, text: t('settings.keyringHint') });
  // Both directions ask for the password: turning it off re-encrypts the
  // vault under a new key (so the key kept in the keyring opens nothing
  // saved from now on) and deletes that key; a failed delete is shown.
  keyring.addEventListener('change', async () => {
    const on = keyring.checked;
    keyring.checked = !on;
    keyringNote.classList.remove('error');
    try {
      const outcome = await askPassword(app, {
        title: t('settings.keyring'),
        prompt: t(on ? 'settings.keyringOnPrompt' : 'settings.keyringOffPrompt'),
        submit: t(on ? 'settings.keyringOn' : 'settings.keyringOff'),
        run: (password) => app.api.setKeyring(on, password),
      });
      if (outcome === null) return;
      keyring.checked = outcome.state === 'on';
      if (outcome.entry_left) {
        keyringNote.textContent = t('settings.keyringEntryLeft', { detail: outcome.entry_left });
        keyringNote.classList.add('error');
      } else {
        keyringNote.textContent = t(on ? 'settings.keyringOnDone' : 'settings.keyringOffDone');
      }
    } catch (e) {
      keyringNote.textContent = e && e.kind === 'keyring_unavailable' ? t('settings.keyringUnavailable') : app.errorText(e);
      keyringNote.classList.add('error');
    }
  });

  const current = h('input', { type: 'password', id: 'settings-current', autocomplete: 'current-password' });
  const fresh = h('input', { type: 'password', id: 'settings-new', autocomplete: 'new-password' });
  const confirm = h('input', { type: 'password', id: 'settings-confirm', autocomplete: 'new-password' });
  const passwordStatus = h('p', { class: 'add-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const passwordForm = h('form', { class: 'password-form' },
    field(t('settings.currentPassword'), current).field,
    field(t('settings.newPassword'), fresh).field,
    field(t('settings.confirmPassword'), confirm).field,
    passwordStatus,
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: t('settings.changePassword') })));
  passwordForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    passwordStatus.classList.remove('error');
    if (fresh.value !== confirm.value || !fresh.value) {
      passwordStatus.textContent = t('firstrun.mismatch');
      passwordStatus.classList.add('error');
      return;
    }
    passwordStatus.textContent = t('common.working');
    try {
      await app.api.changePassword(current.value, fresh.value, confirm.value);
      current.value = ''; fresh.value = ''; confirm.value = '';
      passwordStatus.textContent = t('settings.passwordChanged');
    } catch (err) {
      passwordStatus.textContent = err && err.kind === 'wrong_password' ? t('unlock.wrong') : app.errorText(err);
      passwordStatus.classList.add('error');
    }
  });

  const back = h('button', { id: 'settings-back', class: 'back', text: `← ${t('common.back')}`, on: { click: () => app.showCodes() } });
  const view = h('div', { class: 'page' },
    h('header', { class: 'bar' }, back, h('h1', { text: t('settings.title') })),
    h('main', { class: 'settings' },
      h('section', { attrs: { 'aria-labelledby': 'settings-display' } },
        h('h2', { id: 'settings-display', class: 'visually-hidden', text: t('settings.title') }),
        field(t('settings.language'), language).field,
        field(t('settings.theme'), theme).field,
        field(t('settings.textSizeLabel'), textSize).field,
        field(t('settings.autoLock'), autoLock).field,
        field(t('settings.clipboard'), clipboard).field,
        h('div', { class: 'check' }, keyring, h('label', { attrs: { for: 'settings-keyring' }, text: t('settings.keyring') })),
        keyringNote),
      h('section', { attrs: { 'aria-labelledby': 'settings-password' } },
        h('h2', { id: 'settings-password', text: t('settings.password') }),
        passwordForm),
      h('section', { attrs: { 'aria-labelledby': 'settings-transfer' } },
        h('h2', { id: 'settings-transfer', text: t('transfer.title') }),
        h('p', { class: 'hint', text: t('transfer.settingsHint') }),
        h('button', { id: 'settings-show-transfer', text: t('transfer.open'), on: { click: () => showTransfer(app) } })),
      h('section', { attrs: { 'aria-labelledby': 'settings-activity' } },
        h('h2', { id: 'settings-activity', text: t('settings.activity') }),
        h('p', { class: 'hint', text: t('settings.activityHint') }),
        h('button', { id: 'settings-show-activity', text: t('settings.showActivity'), on: { click: () => showActivity(app) } })),
      h('section', { attrs: { 'aria-labelledby': 'settings-location' } },
        h('h2', { id: 'settings-location', text: t('settings.vaultLocation') }),
        h('p', { class: 'path', text: status.vault_path }))));
  view.addEventListener('keydown', (e) => { if (e.key === 'Escape') app.showCodes(); });
  app.mount(view);
  back.focus();
}
