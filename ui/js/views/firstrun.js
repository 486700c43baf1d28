// First run: choose the vault password (with a strength hint and a
// confirmation) and whether this computer remembers it.

import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { strength } from '../strength.js';

export function showFirstRun(app, status) {
  const password = h('input', { type: 'password', autocomplete: 'new-password', id: 'firstrun-password', required: true });
  const confirm = h('input', { type: 'password', autocomplete: 'new-password', id: 'firstrun-confirm', required: true });
  const meter = h('meter', { min: 0, max: 4, low: 2, high: 3, optimum: 4, value: 0, attrs: { 'aria-hidden': 'true' } });
  const hint = h('p', { class: 'strength', id: 'firstrun-strength', attrs: { 'aria-live': 'polite' } });
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  const remember = h('input', { type: 'checkbox', id: 'firstrun-remember', checked: status.keyring_available, disabled: !status.keyring_available });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'firstrun-submit', text: t('firstrun.start') });

  const updateStrength = () => {
    const score = strength(password.value);
    meter.value = password.value ? score + 0.5 : 0;
    hint.textContent = password.value ? t('strength.line', { level: t(`strength.${score}`) }) : '';
  };
  password.addEventListener('input', updateStrength);

  const form = h('form', { class: 'card narrow', attrs: { 'aria-labelledby': 'firstrun-title' } },
    h('div', { class: 'brand', attrs: { 'aria-hidden': 'true' } }, h('img', { src: 'icon.png', alt: '' })),
    h('h1', { id: 'firstrun-title', text: t('firstrun.title') }),
    h('p', { text: t('firstrun.intro') }),
    field(t('firstrun.password'), password).field,
    meter,
    hint,
    field(t('firstrun.confirm'), confirm).field,
    h('p', { class: 'why', text: t('firstrun.why') }),
    h('div', { class: 'check' }, remember, h('label', { attrs: { for: 'firstrun-remember' }, text: t('firstrun.remember') })),
    status.keyring_available ? null : h('p', { class: 'hint', text: t('firstrun.rememberUnavailable') }),
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!password.value) { error.textContent = t('firstrun.empty'); password.focus(); return; }
    if (password.value !== confirm.value) { error.textContent = t('firstrun.mismatch'); confirm.focus(); return; }
    submit.disabled = true;
    submit.textContent = t('common.working');
    try {
      const keyring = await app.api.createVault(password.value, confirm.value, remember.checked);
      password.value = '';
      confirm.value = '';
      if (remember.checked && keyring === 'failed') app.toast(t('firstrun.keyringFailed'));
      await app.showCodes();
    } catch (e) {
      error.textContent = app.errorText(e);
      submit.disabled = false;
      submit.textContent = t('firstrun.start');
    }
  });
  app.mount(form);
  password.focus();
}
