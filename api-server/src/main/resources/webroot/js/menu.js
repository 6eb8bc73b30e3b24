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

// items: [{label, onSelect, disabled, danger, hint}] or {separator: true} or {heading: 'text'}
export function showMenu(opener, items, { label = 'Actions' } = {}) {
  closeMenu();
  const element = h('div', { class: 'menu', role: 'menu', 'aria-label': label, tabindex: '-1' });
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
  document.body.append(element);
  position(element, opener);
  const onDocPointer = event => {
    if (!element.contains(event.target) && !opener.contains(event.target)) closeMenu();
  };
  document.addEventListener('pointerdown', onDocPointer, true);
  openMenu = { element, opener, onDocPointer };
  (buttons.find(b => !b.hasAttribute('aria-disabled')) ?? buttons[0])?.focus();
  return element;
}

function position(menu, opener) {
  const rect = opener.getBoundingClientRect();
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  let left = Math.min(rect.left, window.innerWidth - width - 8);
  let top = rect.bottom + 4;
  if (top + height > window.innerHeight - 8) top = Math.max(8, rect.top - height - 4);
  menu.style.left = `${Math.max(8, left)}px`;
  menu.style.top = `${top}px`;
}

window.addEventListener('resize', closeMenu);
