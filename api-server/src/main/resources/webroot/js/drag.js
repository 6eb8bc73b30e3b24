// Pointer-event drag and drop for board cards. Pointer events (not the HTML5 drag API) give one
// code path for mouse, pen and touch, and let the board scroll itself while a card is carried.
// Mouse and pen drag the whole card; touch drags by the grip so a swipe still scrolls the column.

const THRESHOLD = 5;
const EDGE = 48;
const MAX_SPEED = 16;
const MAX_BOOST = 4;

export class PointerDrag {
  constructor(board, { onDrop, onEnd }) {
    this.board = board;
    this.onDrop = onDrop;
    this.onEnd = onEnd;
    this.press = null;
    this.active = null;
    this.suppressClick = false;
    this.handlers = {
      down: e => this.onPointerDown(e),
      move: e => this.onPointerMove(e),
      up: e => this.onPointerUp(e),
      cancel: () => this.cancel(),
      key: e => { if (e.key === 'Escape' && this.active) { e.preventDefault(); this.cancel(); } },
    };
    board.addEventListener('pointerdown', this.handlers.down);
    document.addEventListener('pointermove', this.handlers.move);
    document.addEventListener('pointerup', this.handlers.up);
    document.addEventListener('pointercancel', this.handlers.cancel);
    document.addEventListener('keydown', this.handlers.key, true);
  }

  destroy() {
    this.cancel();
    this.board.removeEventListener('pointerdown', this.handlers.down);
    document.removeEventListener('pointermove', this.handlers.move);
    document.removeEventListener('pointerup', this.handlers.up);
    document.removeEventListener('pointercancel', this.handlers.cancel);
    document.removeEventListener('keydown', this.handlers.key, true);
  }

  // A click that ends a drag must not also open the card.
  consumeClick() {
    const suppressed = this.suppressClick;
    this.suppressClick = false;
    return suppressed;
  }

  onPointerDown(event) {
    if (event.button !== 0 || this.active) return;
    const card = event.target.closest('.card');
    if (!card || event.target.closest('button, a, input, select, textarea')) return;
    if (event.pointerType === 'touch' && !event.target.closest('.card-grip')) return;
    this.suppressClick = false;
    this.press = { card, pointerId: event.pointerId, x: event.clientX, y: event.clientY };
  }

  onPointerMove(event) {
    if (this.press && !this.active && event.pointerId === this.press.pointerId) {
      if (Math.hypot(event.clientX - this.press.x, event.clientY - this.press.y) < THRESHOLD) return;
      this.start(event);
    }
    if (!this.active || event.pointerId !== this.active.pointerId) return;
    event.preventDefault();
    this.active.x = event.clientX;
    this.active.y = event.clientY;
    this.placeGhost();
    this.track();
  }

  start(event) {
    const { card } = this.press;
    const rect = card.getBoundingClientRect();
    const ghost = card.cloneNode(true);
    ghost.classList.add('card-ghost');
    ghost.removeAttribute('tabindex');
    ghost.setAttribute('aria-hidden', 'true');
    ghost.style.width = `${rect.width}px`;
    const placeholder = document.createElement('li');
    placeholder.className = 'card-placeholder';
    placeholder.style.height = `${rect.height}px`;
    placeholder.setAttribute('aria-hidden', 'true');
    card.after(placeholder);
    card.classList.add('is-dragging');
    document.body.append(ghost);
    document.body.classList.add('is-dragging-card');
    this.active = {
      card, ghost, placeholder, pointerId: this.press.pointerId,
      offsetX: this.press.x - rect.left, offsetY: this.press.y - rect.top,
      x: event.clientX, y: event.clientY, origin: { list: card.parentElement, next: placeholder.nextElementSibling },
    };
    this.press = null;
    this.scrollLoop();
  }

  placeGhost() {
    const { ghost, x, y, offsetX, offsetY } = this.active;
    ghost.style.transform = `translate(${x - offsetX}px, ${y - offsetY}px) rotate(2deg)`;
  }

  // Finds the column under the pointer and the gap between cards nearest to it. Outside the
  // columns (over the toolbar, the page header, past the board) the gap goes back where the card
  // came from, so letting go there moves nothing.
  track() {
    const { x, y, placeholder, card, origin } = this.active;
    const list = this.listAt(x, y);
    if (!list) {
      if (placeholder.parentElement !== origin.list || placeholder.nextElementSibling !== origin.next) origin.list.insertBefore(placeholder, origin.next);
      this.markTarget(null);
      return;
    }
    const cards = [...list.children].filter(el => el.classList.contains('card') && el !== card);
    const before = cards.find(el => {
      const r = el.getBoundingClientRect();
      return y < r.top + r.height / 2;
    });
    const footer = list.querySelector('.column-footer');
    const anchor = before ?? footer;
    if (placeholder.parentElement !== list || placeholder.nextElementSibling !== anchor) list.insertBefore(placeholder, anchor);
    this.markTarget(list.closest('.column'));
  }

  markTarget(column) {
    for (const section of this.board.querySelectorAll('.column.is-drop-target')) section.classList.remove('is-drop-target');
    column?.classList.add('is-drop-target');
  }

  // The card list of the column under the pointer (its header included; a gap between columns
  // counts for the nearer one), or null when the pointer is outside the board's columns.
  listAt(x, y) {
    const board = this.board.getBoundingClientRect();
    if (x < board.left || x > board.right || y < board.top || y > board.bottom) return null;
    let nearest = null;
    let distance = Infinity;
    for (const column of this.board.querySelectorAll('.column')) {
      const r = column.getBoundingClientRect();
      const d = x < r.left ? r.left - x : Math.max(0, x - r.right);
      if (y >= r.top && y <= r.bottom && d < distance) [nearest, distance] = [column, d];
    }
    return nearest?.querySelector('.cards') ?? null;
  }

  // Near an edge, scroll the board sideways or the column up and down, and keep tracking.
  scrollLoop() {
    if (!this.active) return;
    const { x, y } = this.active;
    const boardRect = this.board.getBoundingClientRect();
    const list = this.listAt(x, y);
    const r = list?.getBoundingClientRect();
    const beside = y >= boardRect.top && y <= boardRect.bottom;
    const dx = beside ? speed(boardRect.right - x) - speed(x - boardRect.left) : 0;
    const dy = r ? speed(r.bottom - y) - speed(y - r.top) : 0;
    // Holding at an edge speeds up, so a column of thousands can be crossed in a few seconds.
    this.active.held = dx || dy ? (this.active.held ?? 0) + 1 : 0;
    const boost = Math.min(MAX_BOOST, 1 + this.active.held / 40);
    this.board.scrollLeft += Math.round(dx * boost);
    if (list) list.scrollTop += Math.round(dy * boost);
    this.track();
    this.active.frame = requestAnimationFrame(() => this.scrollLoop());
  }

  onPointerUp(event) {
    if (this.press && event.pointerId === this.press.pointerId) this.press = null;
    if (!this.active || event.pointerId !== this.active.pointerId) return;
    const { card, placeholder } = this.active;
    const list = placeholder.parentElement;
    const next = nextCardAfter(placeholder, card);
    const moved = !(list === this.active.origin.list && placeholder.nextElementSibling === this.active.origin.next)
      && !(list === card.parentElement && (next === nextCardAfter(card, placeholder)));
    this.suppressClick = true;
    setTimeout(() => { this.suppressClick = false; }, 0);
    this.finish();
    if (moved && list) this.onDrop(card.dataset.id, list.dataset.stageId, next?.dataset.id ?? null);
    this.onEnd();
  }

  cancel() {
    this.press = null;
    if (!this.active) return;
    this.finish();
    this.onEnd();
  }

  finish() {
    const { card, ghost, placeholder, frame } = this.active;
    cancelAnimationFrame(frame);
    this.active = null;
    ghost.remove();
    placeholder.remove();
    card.classList.remove('is-dragging');
    document.body.classList.remove('is-dragging-card');
    this.markTarget(null);
  }
}

function speed(distanceToEdge) {
  if (distanceToEdge >= EDGE || distanceToEdge < -EDGE) return 0;
  return Math.round(MAX_SPEED * (1 - Math.max(0, distanceToEdge) / EDGE));
}

function nextCardAfter(el, skip) {
  let next = el.nextElementSibling;
  while (next && (!next.classList.contains('card') || next === skip)) next = next.nextElementSibling;
  return next;
}
