// The live board (PRODUCT.md §9.2): one event stream per open board, read with fetch and a
// readable stream (EventSource cannot send the bearer header). Each event is applied in place:
// cards move, appear or go (also when they move to another pipeline: a move out of this pipeline is
// sent to its stream too), column counts follow at once and totals are re-read. A card is never
// set back to an older version than the one shown. The stream reconnects with backoff and
// resumes from the last id (the server sends its position once live and with each heartbeat);
// a reset (the server can no longer resume) or an import into this pipeline reloads the board,
// and the reloaded board's stream resumes from the id the old one had reached. Events that arrive
// while columns are being read wait for the read, so its older snapshot cannot overwrite them.
// A small status says whether the board is live.

import { session } from './api.js';
import { h } from './dom.js';

const RETRY_MS = [1000, 2000, 4000, 8000, 15000];
const CONNECT_WAIT_MS = 2000;

export function liveIndicator() {
  return h('span', { class: 'live-indicator', role: 'status', dataset: { live: 'connecting', testid: 'live-indicator' }, text: 'Connecting…' });
}

export class LiveBoard {
  // page: the OpportunitiesPage (for reloads); data: its BoardData; indicator: from liveIndicator();
  // resumeFrom: the last id of the stream this board replaces (the same pipeline, reloaded), if any.
  constructor(page, data, indicator, resumeFrom = null) {
    this.page = page;
    this.data = data;
    this.indicator = indicator;
    this.pipelineId = data.pipeline.id;
    this.lastId = resumeFrom;
    this.attempt = 0;
    this.abort = new AbortController();
    this.summaryTimer = null;
    this.pending = [];
    this.boardRead = false;
    this.onDataChange = () => this.flush();
    data.addEventListener('change', this.onDataChange);
    this.connected = new Promise(resolve => { this.onFirstConnect = resolve; });
    this.run();
  }

  // Resolves once the stream is open (or after a short wait), so the board's first read sees
  // everything the stream does not. Should the stream open only after that read, without an id
  // to resume from, the board is read again then (see readStream).
  ready() {
    return Promise.race([this.connected, new Promise(resolve => setTimeout(resolve, CONNECT_WAIT_MS))])
      .then(() => { this.boardRead = true; });
  }

  stop() {
    this.abort.abort();
    this.data.removeEventListener('change', this.onDataChange);
    clearTimeout(this.summaryTimer);
    clearTimeout(this.listTimer);
  }

  async run() {
    while (!this.abort.signal.aborted) {
      try {
        await this.readStream();
      } catch (e) {
        if (this.abort.signal.aborted) return;
      }
      if (this.abort.signal.aborted) return;
      this.show('offline', 'Disconnected: reconnecting…');
      const wait = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
      await new Promise(resolve => setTimeout(resolve, wait));
    }
  }

  async readStream() {
    const headers = { Accept: 'text/event-stream' };
    if (session.credential) headers.Authorization = `Bearer ${session.credential}`;
    if (this.lastId) headers['Last-Event-ID'] = this.lastId;
    const url = `/api/v1/crm/events?pipeline_id=${encodeURIComponent(this.data.pipeline.id)}`;
    const response = await fetch(url, { headers, signal: this.abort.signal, cache: 'no-store' });
    if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
    this.attempt = 0;
    this.show('live', 'Live');
    this.onFirstConnect();
    // a stream that starts from now, after the board was read, would miss what came in between
    if (!headers['Last-Event-ID'] && this.boardRead) this.readAgain();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.onFrame(frame);
      }
    }
  }

  onFrame(frame) {
    let id = null;
    let type = null;
    let data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (id) this.lastId = id;
    if (!type || !data) return; // a keep-alive comment, or the stream's position
    try {
      this.pending.push([type, JSON.parse(data)]);
    } catch (e) {
      console.warn('could not read a live event; reloading the board', e);
      return this.reload();
    }
    this.flush();
  }

  // Applied while a column is being read, an event would be overwritten by that read's snapshot,
  // which may be older (a deal created just after a reload would never show); so events wait
  // until no read is in flight. The version check then skips what the read already had.
  flush() {
    while (this.pending.length && !this.data.reading && !this.abort.signal.aborted) {
      const [type, event] = this.pending.shift();
      try {
        this.apply(type, event);
      } catch (e) {
        console.warn('could not apply a live event; reloading the board', e);
        this.pending.length = 0;
        return this.reload();
      }
    }
    return undefined;
  }

  apply(type, event) {
    if (this.page.view === 'list') this.reloadList();
    switch (type) {
      case 'opportunity.created':
      case 'opportunity.updated':
      case 'opportunity.moved':
      case 'opportunity.restored':
        return this.placeCard(event.opportunity);
      case 'opportunity.deleted':
        return this.removeCard(event.opportunity);
      case 'opportunities.reordered':
      case 'opportunities.bulk_moved':
        return this.reorder(type, event);
      case 'pipeline.updated':
        return this.shows(event.pipeline) ? undefined : this.reload();
      case 'pipeline.deleted':
      case 'bundle.imported':
      case 'reset':
        return this.reload();
      default:
        return undefined; // an event this page does not know yet
    }
  }

  // A card's new state: drawn at its stage_position if that falls within what is loaded.
  placeCard(card) {
    const data = this.data;
    const found = data.find(card.id);
    if (found && found.item.version >= card.version) return; // we already show this or newer
    if (data.q) return this.settle([found?.stageId, card.pipeline_stage_id]); // filtered columns: re-read
    const touched = [];
    if (found) {
      data.column(found.stageId).items.splice(found.index, 1);
      touched.push(found.stageId);
      this.count(found.stageId, -1);
    }
    const column = card.pipeline_id === data.pipeline.id ? data.column(card.pipeline_stage_id) : null;
    if (column) {
      this.count(card.pipeline_stage_id, +1);
      touched.push(card.pipeline_stage_id);
      const at = Math.min(card.stage_position, column.items.length);
      if (column.done || card.stage_position < column.items.length) column.items.splice(at, 0, card);
    }
    this.changed(touched);
  }

  removeCard(card) {
    this.removeCards([card.id]);
  }

  removeCards(ids) {
    const touched = [];
    for (const id of ids) {
      const found = this.data.find(id);
      if (!found) continue;
      this.data.column(found.stageId).items.splice(found.index, 1);
      this.count(found.stageId, -1);
      touched.push(found.stageId);
    }
    this.changed(touched);
  }

  // The listed cards take the listed positions; the stage's other cards keep their order after them.
  // A bulk move into a stage that is not on this board took the listed cards to another pipeline.
  reorder(type, event) {
    const stageId = event.pipeline_stage_id;
    const column = this.data.column(stageId);
    if (!column) return type === 'opportunities.bulk_moved' ? this.removeCards(event.opportunities.map(o => o.id)) : undefined;
    const listed = new Map(event.opportunities.map(o => [o.id, o.stage_position]));
    const loaded = new Map(column.items.map(item => [item.id, item]));
    if (type !== 'opportunities.reordered' || this.data.q || [...listed.keys()].some(id => !loaded.has(id))) {
      return this.settle(type === 'opportunities.reordered' ? [stageId] : [...this.data.columns.keys()]);
    }
    const first = [...listed].sort((a, b) => a[1] - b[1]).map(([id]) => loaded.get(id));
    column.items = [...first, ...column.items.filter(item => !listed.has(item.id))];
    return this.changed([stageId]);
  }

  // True when the page already shows this version of the pipeline (it re-read it after its own edit).
  shows(pipeline) {
    const shown = this.page.pipeline;
    return Boolean(shown && pipeline && Date.parse(shown.updated_at) >= Date.parse(pipeline.updated_at));
  }

  count(stageId, delta) {
    const summary = this.data.summary?.get(stageId);
    if (summary) summary.count = Math.max(0, summary.count + delta);
  }

  // Positions are dense per stage, so a loaded prefix is numbered by its order; totals are re-read.
  changed(stageIds) {
    for (const stageId of new Set(stageIds)) {
      this.data.column(stageId)?.items.forEach((item, index) => { item.stage_position = index; });
    }
    this.data.emit([...new Set(stageIds)]);
    clearTimeout(this.summaryTimer);
    this.summaryTimer = setTimeout(() => this.data.refreshSummary(), 150);
  }

  // The list view reads its own pages: re-read them once a burst of events is over.
  reloadList() {
    clearTimeout(this.listTimer);
    this.listTimer = setTimeout(() => this.page.reportErrors(this.page.viewer?.reload?.()), 300);
  }

  settle(stageIds) {
    return this.data.settle(stageIds.filter(Boolean)).catch(() => undefined);
  }

  readAgain() {
    if (this.page.view === 'list') this.reloadList();
    else this.settle([...this.data.columns.keys()]);
  }

  reload() {
    this.page.load(this.data.pipeline.id);
  }

  show(state, text) {
    this.indicator.dataset.live = state;
    this.indicator.textContent = text;
    this.indicator.title = state === 'live' ? 'Changes by others appear as they happen' : 'Changes by others will appear once reconnected';
  }
}
