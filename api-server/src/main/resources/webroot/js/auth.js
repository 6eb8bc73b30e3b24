// Sign-in: paste a token or an API key; in DEV_MODE also a one-click demo sign-in. The server
// offers the demo only when GET /dev/info answers {"dev_mode": true} (it answers false outside dev mode).

import { api, session, pipelinesApi, ApiError } from './api.js';
import { h, icon, clear } from './dom.js';
import { brand } from './shell.js';

export async function renderSignIn(root, { onSignedIn, notice } = {}) {
  clear(root);
  const credential = h('textarea', {
    id: 'credential', name: 'credential', rows: '4', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off',
    placeholder: 'eyJhbGciOi… or dpk_…', required: true, 'aria-describedby': 'credential-hint',
  });
  const error = h('div', { class: 'form-error', role: 'alert', hidden: !notice, text: notice ?? '' });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', text: 'Sign in' });
  const demoSlot = h('div', { class: 'demo-slot' });
  const form = h('form', { class: 'signin-form', novalidate: true },
    h('label', { for: 'credential', class: 'signin-label', text: 'Access token or API key' }),
    credential,
    h('p', { id: 'credential-hint', class: 'field-hint', text: 'Paste a JWT from your identity provider or an API key of your organization. It is kept only in this browser tab and forgotten when the tab closes.' }),
    error,
    submit);

  const showError = message => {
    error.textContent = message;
    error.hidden = false;
  };

  const attempt = async (value, button) => {
    error.hidden = true;
    button.disabled = true;
    button.classList.add('is-busy');
    session.signIn(value);
    try {
      await pipelinesApi.list();
      onSignedIn();
    } catch (e) {
      session.signOut();
      showError(e instanceof ApiError && e.status === 401
        ? `That credential was not accepted: ${e.message}`
        : e.message);
    } finally {
      button.disabled = false;
      button.classList.remove('is-busy');
    }
  };

  form.addEventListener('submit', event => {
    event.preventDefault();
    const value = credential.value.trim();
    if (!value) {
      showError('Paste a token or an API key first.');
      credential.focus();
      return;
    }
    attempt(value, submit);
  });

  root.append(h('div', { class: 'signin-page' },
    h('main', { class: 'signin-card' },
      h('div', { class: 'signin-brand' }, brand()),
      h('h1', { class: 'signin-title', text: 'Sign in to DripPulse CRM' }),
      form,
      demoSlot)));
  root.removeAttribute('aria-busy');
  credential.focus();

  const dev = await devInfo();
  // Marks the probe as settled, so a test can tell "no demo sign-in" from "not asked yet".
  root.querySelector('.signin-card')?.setAttribute('data-dev-mode', String(Boolean(dev?.dev_mode)));
  if (dev?.dev_mode) {
    // the demo user is the demo organization's admin; the member is not, so both can be tried
    const demoButton = (as, label, action, extraClass = '') => {
      const button = h('button', { type: 'button', class: `button button-block ${extraClass}`.trim(), dataset: { action } }, icon('star'), label);
      button.addEventListener('click', async () => {
        error.hidden = true;
        button.disabled = true;
        try {
          const { data } = await api.post('/dev/login', {}, { auth: false, query: { as } });
          await attempt(data.token, button);
        } catch (e) {
          showError(e.message);
        } finally {
          button.disabled = false;
        }
      });
      return button;
    };
    demoSlot.append(
      h('div', { class: 'divider' }, h('span', { text: 'or' })),
      demoButton('admin', 'Demo sign-in', 'demo-sign-in'),
      demoButton('member', 'Demo sign-in as a member', 'demo-sign-in-member'),
      h('p', { class: 'field-hint center', text: 'Development mode: signs you in to a demo organization, as its admin (who may edit the default pipeline) or as a member who is not an admin.' }));
  }
}

async function devInfo() {
  try {
    return (await api.get('/dev/info', { auth: false })).data;
  } catch {
    return null; // an older server without the route: no dev mode
  }
}
