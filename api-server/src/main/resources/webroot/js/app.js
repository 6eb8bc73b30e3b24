// Entry point: sign-in or the app, and the way back to sign-in when the server rejects the credential.

import { session, onUnauthorized } from './api.js';
import { renderSignIn } from './auth.js';
import { renderShell } from './shell.js';
import { OpportunitiesPage } from './opportunities-page.js';
import { closeMenu } from './menu.js';

const root = document.getElementById('app');
let page = null;

function signedOut(notice) {
  page?.destroy();
  page = null;
  closeMenu();
  for (const dialog of document.querySelectorAll('dialog')) dialog.close();
  renderSignIn(root, { onSignedIn: start, notice });
}

function start() {
  const identity = session.identity();
  const { main, navToggle } = renderShell(root, {
    identity,
    onSignOut: () => {
      session.signOut();
      signedOut();
    },
  });
  page = new OpportunitiesPage(main, { identity, navToggle });
  page.load();
}

onUnauthorized(() => {
  if (!page) return;
  session.signOut();
  signedOut('Your session has ended or the credential was revoked. Sign in again to continue.');
});

if (session.credential) start();
else signedOut();
