// A pop-up menu (WAI-ARIA menu pattern): arrow keys move, Enter/Space choose, Escape closes,
// and focus returns to the button that opened it.

import { h } from './dom.js';

let openMenu = null;

export function closeMenu() {
  if (!openMenu) return;
  const { element, opener, onDocPointer } = openMenu;
  openMenu = null;
  document.removeEventListener('pointerdown', onDocPointer, true);
  element.remove();
  if (opener?.isConnected) opener.focus();
}

// items: [{label, onSelect, disabled, danger, hint}] or {separator: true} or {heading: 'text'}.
// note: a sentence saying why some items are unavailable; shown at the menu's end and read as the
// description of the disabled items marked explained.
export function showMenu(opener, items, { label = 'Actions', note } = {}) {
  closeMenu();
  const element = h('div', { class: 'menu', role: 'menu', 'aria-label': label, tabindex: '-1' });
  const noteId = note ? `menu-note-${Math.random().toString(36).slice(2, 9)}` : null;
  const buttons = [];
  for (const item of items) {
    if (item.separator) {
      element.append(h('div', { class: 'menu-separator', role: 'separator' }));
    } else if (item.heading) {
      element.append(h('div', { class: 'menu-heading', role: 'presentation', text: item.heading }));
    } else {
      const button = h('button', {
        type: 'button',
        role: 'menuitem',
        class: `menu-item${item.danger ? ' danger' : ''}`,
        'aria-disabled': item.disabled ? 'true' : null,
        'aria-describedby': item.disabled && item.explained && noteId ? noteId : null,
        tabindex: '-1',
        dataset: item.testId ? { action: item.testId } : {},
      }, h('span', { text: item.label }), item.hint ? h('span', { class: 'menu-hint', text: item.hint }) : null);
      button.addEventListener('click', event => {
        event.stopPropagation();
        if (item.disabled) return;
        closeMenu();
        item.onSelect();
      });
      buttons.push(button);
      element.append(button);
    }
  }
  if (note) element.append(h('div', { class: 'menu-note', id: noteId, role: 'none', text: note }));
  element.addEventListener('keydown', event => {
    const enabled = buttons;
    const index = enabled.indexOf(document.activeElement);
    if (event.key === 'ArrowDown') enabled[(index + 1) % enabled.length]?.focus();
    else if (event.key === 'ArrowUp') enabled[(index - 1 + enabled.length) % enabled.length]?.focus();
    else if (event.key === 'Home') enabled[0]?.focus();
    else if (event.key === 'End') enabled[enabled.length - 1]?.focus();
    else if (event.key === 'Escape' || event.key === 'Tab') closeMenu();
    else return;
    event.preventDefault();
    event.stopPropagation();
  });
  // inside the opener's landmark (axe "region"): the menu is position: fixed, so where it sits in the
  // document does not move it on screen
  (opener.closest('main, aside, [role=dialog], dialog') ?? document.querySelector('main') ?? document.body).append(element);
  position(element, opener);
  const onDocPointer = event => {
    if (!element.contains(event.target) && !opener.contains(event.target)) closeMenu();
  };
  document.addEventListener('pointerdown', onDocPointer, true);
  openMenu = { element, opener, onDocPointer };
  (buttons.find(b => !b.hasAttribute('aria-disabled')) ?? buttons[0])?.focus();
  return element;
}

// Below the opener if it fits, else above (a low card's menu flips up), else on the roomier side with
// a scrollable height; then clamped into the window, even for an opener scrolled partly out of view.
function position(menu, opener) {
  const rect = opener.getBoundingClientRect();
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  const below = window.innerHeight - rect.bottom - 12;
  const above = rect.top - 12;
  let top;
  if (height <= below) top = rect.bottom + 4;
  else if (height <= above) top = rect.top - height - 4;
  else if (below >= above) {
    top = rect.bottom + 4;
    menu.style.maxHeight = `${below}px`;
  } else {
    top = 8;
    menu.style.maxHeight = `${above - 4}px`;
  }
  menu.style.left = `${Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8))}px`;
  menu.style.top = `${Math.max(8, Math.min(top, window.innerHeight - menu.offsetHeight - 8))}px`;
}

window.addEventListener('resize', closeMenu);
// A scroll elsewhere would leave the menu floating away from its opener.
document.addEventListener('scroll', event => {
  if (openMenu && !openMenu.element.contains(event.target)) closeMenu();
}, true);
