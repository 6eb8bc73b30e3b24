// The application frame: sidebar (CRM → Opportunities, who is signed in, sign out) and the main area.

import { h, icon } from './dom.js';

export function brand() {
  const mark = h('img', { src: 'favicon.svg', alt: '', class: 'brand-mark', width: '28', height: '28' });
  return h('span', { class: 'brand' }, mark, h('span', { class: 'brand-name' }, 'Drip', h('strong', { text: 'Pulse' })));
}

export function renderShell(root, { identity, onSignOut }) {
  const who = identity.kind === 'api_key'
    ? h('div', { class: 'who' }, h('span', { class: 'avatar', text: 'K', 'aria-hidden': 'true' }), h('div', {}, h('div', { class: 'who-name', text: 'API key session' }), h('div', { class: 'who-sub', text: 'Organization access, no user' })))
    : h('div', { class: 'who' },
      h('span', { class: 'avatar', text: initials(identity.label), 'aria-hidden': 'true' }),
      h('div', {}, h('div', { class: 'who-name', text: identity.label }), identity.orgId ? h('div', { class: 'who-sub', text: `Org ${String(identity.orgId).slice(0, 8)}…`, title: identity.orgId }) : null));
  const signOut = h('button', { type: 'button', class: 'button button-quiet button-block', dataset: { action: 'sign-out' } }, icon('logout'), 'Sign out');
  signOut.addEventListener('click', onSignOut);

  const sidebar = h('aside', { class: 'sidebar', id: 'sidebar', 'aria-label': 'Navigation' },
    h('div', { class: 'sidebar-brand' }, brand()),
    h('nav', { class: 'nav', 'aria-label': 'Main' },
      h('div', { class: 'nav-group', id: 'nav-crm', text: 'CRM' }),
      h('ul', { class: 'nav-list', 'aria-labelledby': 'nav-crm' },
        h('li', {}, h('a', { href: '#/crm/opportunities', class: 'nav-link is-active', 'aria-current': 'page' }, icon('funnel'), 'Opportunities')))),
    h('div', { class: 'sidebar-footer' }, who, signOut));

  const toggle = h('button', { type: 'button', class: 'icon-button nav-toggle', 'aria-label': 'Menu', 'aria-controls': 'sidebar', 'aria-expanded': 'false' }, icon('menu'));
  const scrim = h('div', { class: 'scrim', hidden: true });
  const setOpen = open => {
    document.body.classList.toggle('nav-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    scrim.hidden = !open;
  };
  toggle.addEventListener('click', () => setOpen(!document.body.classList.contains('nav-open')));
  scrim.addEventListener('click', () => setOpen(false));
  sidebar.addEventListener('click', event => { if (event.target.closest('.nav-link')) setOpen(false); });

  const main = h('main', { class: 'main', id: 'main' });
  root.replaceChildren(h('div', { class: 'shell' }, sidebar, scrim, h('div', { class: 'main-wrap' }, main)));
  root.removeAttribute('aria-busy');
  return { main, navToggle: toggle };
}

function initials(label) {
  const parts = String(label).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}
