// What the board knows about one pipeline under one search: per stage the cards loaded so far
// (a prefix of the stage, page by page, via the list route's cursor) and the server's totals.
// Every change is sent to the server and then re-read from it, so the board shows the server's
// truth; a failed change is rolled back to the snapshot taken before it.

import { opportunitiesApi, pipelinesApi, unwrap } from './api.js';

export const PAGE_SIZE = 50;
const MAX_LIMIT = 500;

export class BoardData extends EventTarget {
  constructor(pipeline, q) {
    super();
    this.pipeline = pipeline;
    this.q = q;
    this.abort = new AbortController();
    this.columns = new Map(pipeline.stages.map(stage => [stage.id, emptyColumn(stage)]));
    this.summary = null;          // Map stageId -> {count, totals, weighted}, or null if unknown
    this.summaryError = null;
    this.queue = Promise.resolve();
    this.pending = 0;             // moves sent and not yet re-read from the server
  }

  dispose() {
    this.abort.abort();
  }

  column(stageId) {
    return this.columns.get(stageId);
  }

  // True while a stage read is in flight (its answer replaces what the column shows).
  get reading() {
    return [...this.columns.values()].some(column => column.loading);
  }

  find(id) {
    for (const [stageId, column] of this.columns) {
      const index = column.items.findIndex(item => item.id === id || item.public_id === id);
      if (index >= 0) return { stageId, index, item: column.items[index] };
    }
    return null;
  }

  // The count to show: the server's when we have it, else what is loaded ("50+" when more exist).
  count(stageId) {
    const summary = this.summary?.get(stageId);
    if (summary && Number.isFinite(summary.count)) return { n: summary.count, exact: true };
    const column = this.column(stageId);
    return { n: column.items.length, exact: column.done };
  }

  async loadInitial() {
    await Promise.all([
      ...[...this.columns.keys()].map(stageId => this.refreshStage(stageId)),
      this.refreshSummary(),
    ]);
  }

  async loadMore(stageId) {
    const column = this.column(stageId);
    if (column.loading || column.done) return;
    column.loading = true;
    column.error = null;
    column.failed = null;
    const generation = column.generation;
    this.emit([stageId]);
    try {
      const page = await this.fetchPage(stageId, PAGE_SIZE, column.cursor, true);
      if (generation !== column.generation) return;
      const known = new Set(column.items.map(item => item.id));
      column.items.push(...page.items.filter(item => !known.has(item.id)));
      column.cursor = page.cursor;
      column.done = !page.cursor;
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (generation === column.generation) Object.assign(column, { error: e, failed: 'more' });
      throw e;
    } finally {
      if (generation === column.generation) column.loading = false;
      this.emit([stageId]);
    }
  }

  // Re-reads a stage from its start, at least as far as it was loaded before. The column is
  // marked loading at once, so the view says so (aria-busy) from the first paint.
  async refreshStage(stageId) {
    const column = this.column(stageId);
    const want = Math.max(PAGE_SIZE, column.items.length);
    const generation = ++column.generation;
    Object.assign(column, { loading: true, error: null, failed: null });
    this.emit([stageId]);
    try {
      const items = [];
      let cursor = null;
      do {
        const page = await this.fetchPage(stageId, Math.min(MAX_LIMIT, want - items.length), cursor, true);
        items.push(...page.items);
        cursor = page.cursor;
      } while (cursor && items.length < want);
      if (generation !== column.generation) return;
      Object.assign(column, { items, cursor, done: !cursor, loaded: true });
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (generation === column.generation) Object.assign(column, { error: e, failed: 'refresh' });
      throw e;
    } finally {
      if (generation === column.generation) column.loading = false;
      this.emit([stageId]);
    }
  }

  // "Retry" after a failed read: a failed re-read is read again from the top (its column may be
  // stale), a failed next page is fetched again; totals that failed too are asked for again.
  retry(stageId) {
    const column = this.column(stageId);
    return Promise.all([
      column.failed === 'more' ? this.loadMore(stageId) : this.refreshStage(stageId),
      this.summaryError ? this.refreshSummary() : null,
    ]);
  }

  async refreshSummary() {
    try {
      const data = await pipelinesApi.summary(this.pipeline.id, this.q, this.abort.signal);
      this.summary = normalizeSummary(data);
      this.summaryError = null;
    } catch (e) {
      if (e.name === 'AbortError') return;
      // Without server totals the headers fall back to what is loaded; say so, do not hide it.
      this.summary = null;
      this.summaryError = e;
    }
    this.emit(null);
  }

  async fetchPage(stageId, limit, cursor, filtered) {
    const data = await opportunitiesApi.list({
      pipeline_id: this.pipeline.id,
      pipeline_stage_id: stageId,
      q: filtered ? this.q : undefined,
      limit,
      cursor,
    }, this.abort.signal);
    return { items: data?.opportunities ?? [], cursor: data?.next_cursor ?? null };
  }

  // Moves are applied one after another, in the order the user made them.
  move(id, toStageId, beforeId) {
    this.pending++;
    this.emit(null);
    const run = this.queue.then(() => this.applyMove(id, toStageId, beforeId)).finally(() => {
      this.pending--;
      this.emit(null);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async applyMove(id, toStageId, beforeId) {
    const from = this.find(id);
    if (!from) throw new Error('That card is no longer on the board.');
    const fromColumn = this.column(from.stageId);
    const toColumn = this.column(toStageId);
    const sameStage = from.stageId === toStageId;
    const visibleBefore = [...toColumn.items];
    if (sameStage && isNoOp(visibleBefore, id, beforeId)) return null;

    const snapshot = this.snapshot([from.stageId, toStageId]);
    const [item] = fromColumn.items.splice(from.index, 1);
    const insertAt = beforeId ? toColumn.items.findIndex(i => i.id === beforeId) : -1;
    toColumn.items.splice(insertAt >= 0 ? insertAt : toColumn.items.length, 0, item);
    if (!sameStage) this.shiftCounts(from.stageId, toStageId);
    this.emit([from.stageId, toStageId]);

    try {
      const result = sameStage
        ? await this.reorderWithin(toStageId, item, visibleBefore, beforeId)
        : await this.moveAcross(item, toStageId, visibleBefore, beforeId);
      await this.settle([from.stageId, toStageId]);
      return result;
    } catch (e) {
      this.restore(snapshot);
      this.emit([from.stageId, toStageId]);
      this.settle([from.stageId, toStageId]).catch(() => undefined);
      throw e;
    }
  }

  // Across stages: PATCH with the position of the card it was dropped before (the stage's
  // positions are dense, so that index is where it lands), or just after the last card shown.
  async moveAcross(item, toStageId, visibleBefore, beforeId) {
    const change = { pipeline_stage_id: toStageId };
    const before = visibleBefore.find(i => i.id === beforeId);
    const last = visibleBefore[visibleBefore.length - 1];
    if (before) change.stage_position = before.stage_position;
    else if (last) change.stage_position = last.stage_position + 1;
    const updated = unwrap(await opportunitiesApi.update(item.id, change), 'opportunity');
    return { stagePosition: updated?.stage_position, stageId: toStageId };
  }

  // Within a stage: the reorder route. Listed ids take positions 0..n-1 and the rest keep their
  // order after them, so we send the stage's unfiltered prefix up to the furthest index touched.
  // Without a search the loaded cards are that prefix; with one, the prefix is read first.
  async reorderWithin(stageId, item, visibleBefore, beforeId) {
    const others = visibleBefore.filter(i => i.id !== item.id);
    const anchor = beforeId ? visibleBefore.find(i => i.id === beforeId) : others[others.length - 1];
    const reach = Math.max(item.stage_position, anchor ? anchor.stage_position : 0);
    const prefix = this.q ? await this.fetchStageIds(stageId, reach) : visibleBefore.map(i => i.id);
    const order = prefix.filter(x => x !== item.id);
    let at = order.length;
    if (beforeId && order.includes(beforeId)) at = order.indexOf(beforeId);
    else if (!beforeId && anchor && order.includes(anchor.id)) at = order.indexOf(anchor.id) + 1;
    order.splice(at, 0, item.id);
    const cut = Math.max(prefix.indexOf(item.id), at) + 1;
    const data = await opportunitiesApi.reorder(stageId, order.slice(0, cut));
    const mine = (data?.opportunities ?? []).find(o => o.id === item.id || o.public_id === item.public_id);
    return { stagePosition: mine?.stage_position ?? at, stageId };
  }

  async fetchStageIds(stageId, throughPosition) {
    const ids = [];
    let cursor = null;
    do {
      const page = await this.fetchPage(stageId, MAX_LIMIT, cursor, false);
      ids.push(...page.items.map(i => i.id));
      cursor = page.cursor;
    } while (cursor && ids.length <= throughPosition);
    return ids;
  }

  // After any write: re-read the touched stages and the totals.
  async settle(stageIds) {
    const unique = [...new Set(stageIds)].filter(id => this.columns.has(id));
    await Promise.all([...unique.map(id => this.refreshStage(id)), this.refreshSummary()]);
  }

  shiftCounts(fromStageId, toStageId) {
    if (!this.summary) return;
    const from = this.summary.get(fromStageId);
    const to = this.summary.get(toStageId);
    if (from) from.count = Math.max(0, from.count - 1);
    if (to) to.count += 1;
  }

  snapshot(stageIds) {
    return {
      columns: [...new Set(stageIds)].map(id => [id, [...this.column(id).items]]),
      summary: this.summary && new Map([...this.summary].map(([k, v]) => [k, { ...v }])),
    };
  }

  restore(snapshot) {
    for (const [id, items] of snapshot.columns) this.column(id).items = items;
    this.summary = snapshot.summary;
  }

  emit(stageIds) {
    this.dispatchEvent(new CustomEvent('change', { detail: { stageIds } }));
  }
}

function emptyColumn(stage) {
  return { stage, items: [], cursor: null, done: false, loading: false, loaded: false, error: null, failed: null, generation: 0 };
}

function isNoOp(items, id, beforeId) {
  const index = items.findIndex(i => i.id === id);
  if (beforeId === id) return true;
  if (!beforeId) return index === items.length - 1;
  return items[index + 1]?.id === beforeId;
}

// The summary route, keyed by stage id:
// {"stages": [{"stage_id", "count", "amounts": [{"currency", "total", "weighted_total"}]}], ...}
export function normalizeSummary(data) {
  const map = new Map();
  for (const s of data?.stages ?? []) {
    if (!s.stage_id) continue;
    const amounts = s.amounts ?? [];
    map.set(s.stage_id, {
      count: Number(s.count ?? 0),
      totals: amounts.map(a => ({ currency: a.currency, amount: a.total })),
      weighted: amounts.map(a => ({ currency: a.currency, amount: a.weighted_total })),
    });
  }
  return map;
}

// Exact decimal sums per currency (BigInt at 4 decimal places, as the database stores them).
export function sumTotals(lists) {
  const sums = new Map();
  for (const list of lists) {
    for (const { currency, amount } of list ?? []) {
      sums.set(currency, (sums.get(currency) ?? 0n) + toUnits(amount));
    }
  }
  return [...sums].map(([currency, units]) => ({ currency, amount: fromUnits(units) }));
}

function toUnits(amount) {
  const [whole, fraction = ''] = String(amount ?? '0').split('.');
  const negative = whole.startsWith('-');
  const units = BigInt(whole.replace('-', '') || '0') * 10000n + BigInt((fraction + '0000').slice(0, 4));
  return negative ? -units : units;
}

function fromUnits(units) {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const fraction = String(abs % 10000n).padStart(4, '0');
  return `${negative ? '-' : ''}${abs / 10000n}.${fraction}`;
}
