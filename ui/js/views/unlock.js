// The lock screen: a password field, and a plain sentence when the password
// is wrong or when the remembered password did not work.

import { h, field } from '../dom.js';
import { t } from '../i18n.js';

export function showUnlock(app, { note } = {}) {
  const password = h('input', { type: 'password', autocomplete: 'current-password', id: 'unlock-password', required: true });
  const error = h('p', { class: 'error', id: 'unlock-error', attrs: { role: 'alert' } });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'unlock-submit', text: t('unlock.submit') });
  const form = h('form', { class: 'card narrow', attrs: { 'aria-labelledby': 'unlock-title' } },
    h('div', { class: 'brand', attrs: { 'aria-hidden': 'true' } }, h('img', { src: 'icon.png', alt: '' })),
    h('h1', { id: 'unlock-title', text: t('unlock.title') }),
    note ? h('p', { class: 'note', id: 'unlock-note', text: note }) : null,
    h('p', { text: t('unlock.prompt') }),
    field(t('unlock.password'), password).field,
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = t('common.working');
    try {
      await app.api.unlockPassword(password.value);
      password.value = '';
      await app.showCodes();
    } catch (e) {
      error.textContent = e && e.kind === 'wrong_password' ? t('unlock.wrong') : app.errorText(e);
      submit.disabled = false;
      submit.textContent = t('unlock.submit');
      password.select();
      password.focus();
    }
  });
  app.mount(form);
  password.focus();
}
