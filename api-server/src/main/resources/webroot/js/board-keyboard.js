// Moving cards without a mouse: Space picks a card up, the arrow keys carry it across stages and
// along a column, Space or Enter drops it, Escape cancels. Each step is announced in the live region.
// While a card is held the board holds back re-renders, so anything that ends the move another way
// (focus leaving the card, a press anywhere) cancels it; otherwise the board would stay frozen.

import { announce } from './dom.js';

export class KeyboardMoves {
  constructor(view) {
    this.view = view;
    this.carrying = null;
    this.onPointerDown = () => this.interrupt();
  }

  destroy() {
    if (this.carrying) document.removeEventListener('pointerdown', this.onPointerDown, true);
    this.carrying = null;
  }

  // Moving the held card in the DOM can blur it for a moment (it is focused again at once), so
  // only a card that is still not focused after this task has really lost focus.
  onFocusOut(event) {
    const held = this.carrying?.card;
    if (!held || event.target !== held) return;
    setTimeout(() => {
      if (this.carrying?.card === held && document.activeElement !== held) this.interrupt();
    }, 0);
  }

  interrupt() {
    if (!this.carrying) return;
    const name = this.cardName(this.carrying.card);
    this.endCarry(true, false);
    announce(`Move cancelled. ${name} is back where it was.`);
  }

  onKeyDown(event) {
    const card = event.target.closest?.('.card');
    if (!card || event.target !== card) return;
    if (this.carrying) return this.onCarryKey(event, card);
    const stageIds = [...this.view.columnEls.keys()];
    switch (event.key) {
      case ' ':
        event.preventDefault();
        this.pickUp(card);
        break;
      case 'Enter':
        event.preventDefault();
        this.view.controller.openEdit(card.dataset.id);
        break;
      case 'm': case 'M': case 'ContextMenu':
        event.preventDefault();
        // opened from the card, so closing the menu hands focus back to the card and its keys
        this.view.openCardMenu(card, card);
        break;
      case 'ArrowDown': case 'ArrowUp': {
        event.preventDefault();
        const sibling = event.key === 'ArrowDown' ? nextCard(card) : previousCard(card);
        sibling?.focus();
        break;
      }
      case 'ArrowLeft': case 'ArrowRight': {
        event.preventDefault();
        const from = stageIds.indexOf(card.dataset.stageId);
        const index = cardsOf(card.parentElement).indexOf(card);
        const step = event.key === 'ArrowRight' ? 1 : -1;
        for (let i = from + step; i >= 0 && i < stageIds.length; i += step) {
          const cards = cardsOf(this.view.columnEls.get(stageIds[i]).list);
          if (cards.length) { cards[Math.min(index, cards.length - 1)].focus(); break; }
        }
        break;
      }
      default:
    }
  }

  pickUp(card) {
    const list = card.parentElement;
    this.carrying = { card, id: card.dataset.id, originList: list, originNext: card.nextElementSibling };
    card.classList.add('is-carried');
    card.setAttribute('aria-grabbed', 'true');
    this.view.boardEl.classList.add('is-carrying');
    document.addEventListener('pointerdown', this.onPointerDown, true);
    announce(`Picked up ${this.cardName(card)}. ${this.where(card)}. Use the arrow keys to move, Space or Enter to drop, Escape to cancel.`);
  }

  onCarryKey(event, card) {
    const { key } = event;
    const stageIds = [...this.view.columnEls.keys()];
    const list = card.parentElement;
    if (key === 'ArrowUp' || key === 'ArrowDown') {
      event.preventDefault();
      const sibling = key === 'ArrowUp' ? previousCard(card) : nextCard(card);
      if (!sibling) return announce(`${this.where(card)}. ${key === 'ArrowUp' ? 'Top' : 'Bottom'} of the column.`);
      if (key === 'ArrowUp') list.insertBefore(card, sibling);
      else list.insertBefore(card, sibling.nextElementSibling);
      card.focus();
      card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      announce(this.where(card));
    } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
      event.preventDefault();
      const from = stageIds.indexOf(list.dataset.stageId);
      const to = from + (key === 'ArrowRight' ? 1 : -1);
      if (to < 0 || to >= stageIds.length) return announce(`${this.where(card)}. No more stages this way.`);
      const index = cardsOf(list).indexOf(card);
      const target = this.view.columnEls.get(stageIds[to]).list;
      const cards = cardsOf(target);
      target.insertBefore(card, cards[Math.min(index, cards.length)] ?? target.querySelector('.column-footer'));
      card.dataset.stageId = stageIds[to];
      card.focus();
      card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      announce(this.where(card));
    } else if (key === ' ' || key === 'Enter') {
      event.preventDefault();
      const { id } = this.carrying;
      const stageId = card.parentElement.dataset.stageId;
      const beforeId = nextCard(card)?.dataset.id ?? null;
      const name = this.cardName(card);
      const moved = card.parentElement !== this.carrying.originList || card.nextElementSibling !== this.carrying.originNext;
      this.endCarry(false);
      if (!moved) {
        announce(`${name} dropped where it was.`);
        this.view.flushPending();
        return;
      }
      announce(`Dropped ${name} in ${this.stageName(stageId)}.`);
      this.view.focusAfterRender = id;
      this.view.flushPending();
      this.view.controller.moveCard(id, stageId, beforeId);
    } else if (key === 'Escape' || key === 'Tab') {
      if (key === 'Escape') event.preventDefault();
      const name = this.cardName(card);
      this.endCarry(true);
      announce(`Move cancelled. ${name} is back where it was.`);
    }
  }

  endCarry(restore, refocus = true) {
    const { card, originList, originNext } = this.carrying;
    this.carrying = null;
    document.removeEventListener('pointerdown', this.onPointerDown, true);
    card.classList.remove('is-carried');
    card.removeAttribute('aria-grabbed');
    this.view.boardEl.classList.remove('is-carrying');
    if (restore) {
      originList.insertBefore(card, originNext);
      card.dataset.stageId = originList.dataset.stageId;
      if (refocus) card.focus();
      this.view.flushPending();
    }
  }

  where(card) {
    const list = card.parentElement;
    const cards = cardsOf(list);
    return `${this.stageName(list.dataset.stageId)}, position ${cards.indexOf(card) + 1} of ${cards.length}`;
  }

  stageName(stageId) {
    return this.view.data.column(stageId)?.stage.name ?? 'stage';
  }

  cardName(card) {
    return card.querySelector('.card-name')?.textContent ?? 'card';
  }
}

function cardsOf(list) {
  return [...list.children].filter(el => el.classList.contains('card'));
}

function nextCard(card) {
  let el = card.nextElementSibling;
  while (el && !el.classList.contains('card')) el = el.nextElementSibling;
  return el;
}

function previousCard(card) {
  let el = card.previousElementSibling;
  while (el && !el.classList.contains('card')) el = el.previousElementSibling;
  return el;
}
