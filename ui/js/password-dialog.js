// Asks for the vault password before an action that needs it ("remember on
// this computer" on or off, emptying the trash, deleting one account for
// good). The action runs with the password; a wrong password keeps the
// dialog open and says so; any other error closes it and is returned.

import { h, field } from './dom.js';
import { t } from './i18n.js';
import { openDialog, closeDialog } from './dialog.js';

/**
 * Opens the dialog. `run(password)` performs the action; the promise
 * resolves to its result, or to `null` when the user cancels.
 */
export function askPassword(app, { title, prompt, submit, danger = false, run }) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const password = h('input', { type: 'password', autocomplete: 'current-password', id: 'confirm-password' });
    const error = h('p', { class: 'error', attrs: { role: 'alert' } });
    const button = h('button', { type: 'submit', id: 'confirm-password-submit', class: danger ? 'danger' : 'primary', text: submit });
    const form = h('form', {},
      h('p', { text: prompt }),
      field(t('common.password'), password).field,
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'button', text: t('common.cancel'), on: { click: closeDialog } }),
        button));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      button.disabled = true;
      error.textContent = t('common.working');
      try {
        const result = await run(password.value);
        password.value = '';
        settled = true;
        closeDialog();
        resolve(result);
      } catch (err) {
        button.disabled = false;
        if (err && err.kind === 'wrong_password') {
          error.textContent = t('unlock.wrong');
          password.select();
          return;
        }
        password.value = '';
        settled = true;
        closeDialog();
        reject(err);
      }
    });
    openDialog(title, form, { onClosed: () => { if (!settled) resolve(null); } });
  });
}
