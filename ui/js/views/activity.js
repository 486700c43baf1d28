// The local activity list: what was done here and when, never a secret.

import { h } from '../dom.js';
import { t, currentLanguage } from '../i18n.js';
import { formatTime } from '../format.js';

export async function showActivity(app) {
  let entries = [];
  try {
    entries = await app.api.activity();
  } catch (e) {
    app.toast(app.errorText(e));
  }
  const back = h('button', { id: 'activity-back', class: 'back', text: `← ${t('common.back')}`, on: { click: () => app.showSettings() } });
  const items = entries.map((e) => h('li', {},
    h('time', { text: formatTime(e.at, currentLanguage()), attrs: { datetime: new Date(e.at * 1000).toISOString() } }),
    h('span', { class: 'event', text: t(`activity.event.${e.event}`) }),
    e.label ? h('span', { class: 'label', text: e.label }) : null));
  const view = h('div', { class: 'page' },
    h('header', { class: 'bar' }, back, h('h1', { text: t('activity.title') })),
    h('main', {},
      h('p', { class: 'hint', text: t('settings.activityHint') }),
      items.length ? h('ol', { class: 'activity', id: 'activity-list' }, items) : h('p', { text: t('activity.empty') })));
  view.addEventListener('keydown', (e) => { if (e.key === 'Escape') app.showSettings(); });
  app.mount(view);
  back.focus();
}
