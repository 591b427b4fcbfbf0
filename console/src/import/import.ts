// <console-import>: 导入 (the home admin, town staff). The template (GET
// /v1/roster/import-template?format=xlsx|csv); a file read in the browser (read-file.ts); its
// columns matched to the fields (guessed from the headers); the whole file checked before anything
// is written: mobiles given twice across the file here, then POST /v1/roster/imports/validate in
// chunks of 1000; its errors shown and downloadable as CSV; then the rows without errors imported:
// POST /v1/roster/imports { tag, mode, total } (Idempotency-Key), and POST …/{id}/batches of up to
// 200 rows at offsets 0, 200…, a batch sent again after a network error or a 5xx (the server
// answers a replay the same), halved after a 413; a progress bar, a stop button (POST …/{id}/stop)
// and the import's counts at the end.
import { css, html, nothing } from 'lit';
import { normaliseMobile } from '../../../schema/mobile.ts';
import type {
  ImportRow, ImportRowError, ImportValidation, RosterImport, RosterImportBatchResult,
} from '../../../schema/roster-imports.ts';
import { api, ApiError, newIdempotencyKey } from '../api.ts';
import { download, save } from '../download.ts';
import { isoDate, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { importMessages } from './messages.ts';
import { readTable, type Table } from './read-file.ts';

type Words = (typeof importMessages)['en'];
type Field = ImportRowError['field'];
type Mode = RosterImport['mode'];
/** An error of a row of the file: `index` into the table's rows. */
type RowError = { index: number; field: Field; code: ImportRowError['code']; message: string };
type Phase = 'pick' | 'reading' | 'map' | 'validating' | 'checked' | 'importing' | 'done';

const FIELDS: readonly Field[] = ['name', 'mobile', 'town', 'village', 'currentCity', 'category', 'employer'];
const REQUIRED: ReadonlySet<Field> = new Set(['name', 'mobile', 'town', 'category']);
const MODES: readonly Mode[] = ['skip', 'update', 'fill'];
/** The server's limits (schema/roster-imports.ts): rows per check, rows per batch, rows per import, characters per cell. */
const VALIDATE_ROWS = 1000;
const BATCH_ROWS = 200;
const MAX_ROWS = 200_000;
const CELL_MAX = 200;
const ERRORS_SHOWN = 100;
const RETRIES = 3;

/** Headers each field is guessed from: the template's first, then common variants. */
const GUESS: Record<Field, RegExp> = {
  name: /^(姓名|名字|name)$/i,
  mobile: /手机|电话|联系方式|mobile|phone/i,
  town: /镇|街道|乡|town/i,
  village: /村|社区|village/i,
  currentCity: /现居|城市|city/i,
  category: /类别|类型|category/i,
  employer: /单位|employer/i,
};

/** A CSV field: prefixed with ' if a spreadsheet would run it as a formula, quoted if need be. */
const csvField = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Worth sending again: the network, or the server's trouble. */
const transient = (error: unknown) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

export class ConsoleImport extends ScreenElement {
  static override properties = {
    _phase: { state: true }, _fileName: { state: true }, _table: { state: true }, _map: { state: true }, _mode: { state: true },
    _tag: { state: true }, _problem: { state: true }, _done: { state: true }, _errors: { state: true }, _checked: { state: true },
    _result: { state: true }, _stopping: { state: true }, _notice: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 0.75rem; }
    .steps { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 1rem; padding: 0; list-style: none; counter-reset: step; }
    .steps li { counter-increment: step; color: var(--muted); font-size: 0.9375rem; }
    .steps li::before { content: counter(step) '. '; }
    .steps li[aria-current='step'] { color: var(--ink); font-weight: 700; }
    section.card { padding: 1rem; display: grid; gap: 0.875rem; margin-bottom: 1rem; }
    form { display: grid; gap: 0.875rem; }
    h2:focus { outline: none; }
    .file { min-height: 2.75rem; padding: 0.5rem; border: 1px dashed var(--line-strong); border-radius: var(--radius); background: var(--surface); width: 100%; }
    .file::file-selector-button {
      min-height: 2.25rem; margin-inline-end: 0.75rem; padding: 0.25rem 0.875rem; border: 1px solid var(--accent);
      border-radius: var(--radius); background: var(--surface); color: var(--accent); font: inherit; font-weight: 600; cursor: pointer;
    }
    .map { display: grid; gap: 0.75rem; }
    @media (min-width: 40rem) { .map { grid-template-columns: 1fr 1fr; } }
    @media (min-width: 64rem) { .map { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
    fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 0.375rem; }
    legend { font-weight: 600; padding: 0; margin-bottom: 0.375rem; }
    .choice { display: flex; align-items: flex-start; gap: 0.5rem; min-height: 2.75rem; padding: 0.375rem 0; cursor: pointer; }
    .choice input { width: 1.25rem; height: 1.25rem; margin-top: 0.125rem; flex: none; accent-color: var(--accent); }
    .choice span { display: grid; }
    progress { width: 100%; height: 1.25rem; accent-color: var(--accent); }
    .table-wrap { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; font-size: 0.9375rem; }
    caption { text-align: start; font-weight: 600; padding-bottom: 0.375rem; }
    th, td { padding: 0.375rem 0.5rem; border-bottom: 1px solid var(--line); text-align: start; vertical-align: top; }
    th { color: var(--muted); font-weight: 600; }
    td.num { white-space: nowrap; }
    .counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr)); gap: 0.5rem; margin: 0; }
    .counts div { padding: 0.5rem 0.75rem; border-radius: var(--radius); background: var(--page); }
    .counts dt { font-size: 0.875rem; }
    .counts dd { font-size: 1.375rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .actions .button { flex: 1 1 12rem; }
    @media (min-width: 40rem) { .actions .button { flex: none; } }
  `];

  declare private _phase: Phase;
  declare private _fileName: string;
  declare private _table: Table | null;
  /** For each field, the file's column (its index), or -1 for none. */
  declare private _map: Record<Field, number>;
  declare private _mode: Mode;
  declare private _tag: string;
  declare private _problem: ((t: Words) => string) | null;
  /** Rows checked or imported so far, of `_total`. */
  declare private _done: number;
  declare private _errors: RowError[];
  declare private _checked: { total: number; valid: number[]; existing: number; invalid: number } | null;
  declare private _result: RosterImport | null;
  declare private _stopping: boolean;
  declare private _notice: ((t: Words) => string) | null;
  private _stop = false;
  /** The Idempotency-Key of the import being started: the same for a retry of the same start. */
  private _key: string | null = null;

  constructor() {
    super();
    this._phase = 'pick';
    this._fileName = '';
    this._table = null;
    this._map = { name: -1, mobile: -1, town: -1, village: -1, currentCity: -1, category: -1, employer: -1 };
    this._mode = 'skip';
    this._tag = '';
    this._problem = null;
    this._done = 0;
    this._errors = [];
    this._checked = null;
    this._result = null;
    this._stopping = false;
    this._notice = null;
  }

  private get _t() { return importMessages[this.lang]; }

  private async _template(format: 'xlsx' | 'csv') {
    try {
      const name = await download(`/v1/roster/import-template?format=${format}`, `roster-template.${format}`);
      this._notice = (t) => t.downloaded(name);
    } catch (error) {
      const text = this._explain(error);
      this._notice = () => text(this.lang);
    }
  }

  private async _pick(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this._phase = 'reading';
    this._problem = null;
    this._notice = null;
    this._fileName = file.name;
    this._errors = [];
    this._checked = null;
    this._result = null;
    let table: Table;
    try {
      table = await readTable(file);
    } catch {
      this._phase = 'pick';
      this._problem = (t) => t.unreadable;
      return;
    }
    if (!table.rows.length || table.rows.length > MAX_ROWS) {
      this._phase = 'pick';
      this._problem = table.rows.length ? (t) => t.tooMany(MAX_ROWS) : (t) => t.noRows;
      return;
    }
    this._table = table;
    this._map = this._guess(table.header);
    this._tag ||= `${this.lang === 'en' ? 'Roster import' : '花名册导入'} ${isoDate(Date.now())}`;
    this._phase = 'map';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#map-title')?.focus();
  }

  /** Each field's column from the headers: an exact template header first, then a likely one; a column once. */
  private _guess(header: string[]): Record<Field, number> {
    const taken = new Set<number>();
    const map = { ...this._map };
    const words = importMessages['zh-CN'].fields;
    for (const pass of ['exact', 'likely'] as const) {
      for (const field of FIELDS) {
        if (pass === 'likely' && map[field] >= 0) continue;
        const column = header.findIndex((h, i) => !taken.has(i) && (pass === 'exact' ? h === words[field] : GUESS[field].test(h)));
        map[field] = column;
        if (column >= 0) taken.add(column);
      }
    }
    return map;
  }

  /** The row as the API takes it: the mapped columns (a field without one left out, the required sent empty). */
  private _row(cells: string[]): ImportRow {
    const row: Partial<Record<Field, string>> = {};
    for (const field of FIELDS) {
      const column = this._map[field];
      if (column >= 0) row[field] = (cells[column] ?? '').slice(0, CELL_MAX);
      else if (REQUIRED.has(field)) row[field] = '';
    }
    return row as ImportRow;
  }

  /** What can be told without the server: a cell too long for any field, a mobile given twice in the file. */
  private _localErrors(table: Table): RowError[] {
    const errors: RowError[] = [];
    const rowsOf = new Map<string, number[]>();
    table.rows.forEach((cells, index) => {
      for (const field of FIELDS) {
        const column = this._map[field];
        if (column >= 0 && (cells[column] ?? '').length > CELL_MAX) errors.push({ index, field, code: 'too_long', message: `Over ${CELL_MAX} characters.` });
      }
      const mobile = this._map.mobile >= 0 ? normaliseMobile(cells[this._map.mobile] ?? '') : null;
      if (mobile) rowsOf.set(mobile, [...(rowsOf.get(mobile) ?? []), index]);
    });
    for (const indexes of rowsOf.values()) {
      if (indexes.length > 1) for (const index of indexes) errors.push({ index, field: 'mobile', code: 'duplicate', message: 'The same mobile is in another row of the file.' });
    }
    return errors;
  }

  private async _validate(e: Event) {
    e.preventDefault();
    const table = this._table;
    if (!table) return;
    const missing = FIELDS.filter((f) => REQUIRED.has(f) && this._map[f] < 0);
    const tag = this._tag.trim();
    if (missing.length) {
      this._problem = (t) => t.mappingMissing(missing.map((f) => t.fields[f]).join(this.lang === 'en' ? ', ' : '、'));
      return;
    }
    if (!tag || tag.length > 40) {
      this._problem = (t) => t.tagMissing;
      this.renderRoot.querySelector<HTMLElement>('#tag')?.focus();
      return;
    }
    this._problem = null;
    this._phase = 'validating';
    this._stop = false;
    this._stopping = false;
    this._done = 0;
    const errors = this._localErrors(table);
    const onRoster = new Set<number>();
    try {
      for (let offset = 0; offset < table.rows.length; offset += VALIDATE_ROWS) {
        if (this._stop) {
          this._phase = 'map';
          this._notice = (t) => t.checkedStopped;
          return;
        }
        const rows = table.rows.slice(offset, offset + VALIDATE_ROWS).map((cells) => this._row(cells));
        // firstRow = offset: an error's row is the index of its row in the table.
        const checked = await this._retry(() => api<ImportValidation>('/v1/roster/imports/validate', { method: 'POST', body: { firstRow: offset, rows } }));
        for (const error of checked.errors) errors.push({ index: error.row, field: error.field, code: error.code, message: error.message });
        checked.existing.forEach((found, i) => { if (found) onRoster.add(offset + i); });
        this._done = Math.min(table.rows.length, offset + VALIDATE_ROWS);
      }
    } catch (error) {
      this._phase = 'map';
      const text = this._explain(error);
      this._problem = () => text(this.lang);
      return;
    }
    const seen = new Set<string>();
    this._errors = errors
      .filter((err) => { const key = `${err.index}:${err.field}:${err.code}`; return !seen.has(key) && seen.add(key); })
      .sort((a, b) => a.index - b.index || FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
    const bad = new Set(this._errors.map((err) => err.index));
    const valid = table.rows.map((_, i) => i).filter((i) => !bad.has(i));
    this._checked = { total: table.rows.length, valid, existing: valid.filter((i) => onRoster.has(i)).length, invalid: bad.size };
    this._phase = 'checked';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#check-title')?.focus();
  }

  /** Runs a call, again after a network error or a 5xx (up to RETRIES more times, waiting longer each time). */
  private async _retry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!transient(error) || attempt >= RETRIES) throw error;
        await sleep(500 * 2 ** attempt);
      }
    }
  }

  private async _import() {
    const table = this._table;
    const checked = this._checked;
    if (!table || !checked?.valid.length) return;
    this._phase = 'importing';
    this._stop = false;
    this._stopping = false;
    this._done = 0;
    this._problem = null;
    const sent = checked.valid;
    this._key ??= newIdempotencyKey();
    let current: RosterImport;
    try {
      current = await this._retry(() => api<RosterImport>('/v1/roster/imports', {
        method: 'POST', headers: { 'Idempotency-Key': this._key! }, body: { tag: this._tag.trim(), mode: this._mode, total: sent.length },
      }));
    } catch (error) {
      this._phase = 'checked';
      const text = this._explain(error);
      this._problem = () => text(this.lang);
      return;
    }
    this._key = null;
    this._result = current;
    let size = BATCH_ROWS;
    let offset = 0;
    const batchErrors: RowError[] = [];
    try {
      while (offset < sent.length && !this._stop) {
        const indexes = sent.slice(offset, offset + size);
        const rows = indexes.map((i) => this._row(table.rows[i]!));
        let result: RosterImportBatchResult;
        try {
          const at = offset;
          result = await this._retry(() => api<RosterImportBatchResult>(`/v1/roster/imports/${encodeURIComponent(current.id)}/batches`, {
            method: 'POST', body: { offset: at, firstRow: at, rows },
          }));
        } catch (error) {
          // Too big for one request: the same offset, half the rows.
          if (error instanceof ApiError && error.status === 413 && size > 1) {
            size = Math.max(1, Math.floor(size / 2));
            continue;
          }
          throw error;
        }
        for (const err of result.errors) batchErrors.push({ index: sent[err.row]!, field: err.field, code: err.code, message: err.message });
        const { batch: _, errors: __, ...counts } = result;
        this._result = counts;
        offset += rows.length;
        this._done = offset;
      }
      if (this._stop && offset < sent.length) {
        this._result = await api<RosterImport>(`/v1/roster/imports/${encodeURIComponent(current.id)}/stop`, { method: 'POST' });
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Stopped (or finished) meanwhile: what it has is what it did.
        this._result = await api<RosterImport>(`/v1/roster/imports/${encodeURIComponent(current.id)}`).catch(() => this._result);
      } else {
        const text = this._explain(error);
        this._problem = () => text(this.lang);
      }
    }
    this._errors = [...this._errors, ...batchErrors].sort((a, b) => a.index - b.index);
    this._phase = 'done';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#result-title')?.focus();
  }

  private _requestStop() {
    this._stop = true;
    this._stopping = true;
  }

  private _downloadErrors() {
    const table = this._table;
    if (!table) return;
    const t = this._t;
    const cell = (i: number, f: Field) => (this._map[f] >= 0 ? table.rows[i]?.[this._map[f]] ?? '' : '');
    const lines = [t.errorHeaders, ...this._errors.map((e) => [
      String(table.lines[e.index] ?? e.index), t.fields[e.field], t.codes[e.code], e.message, cell(e.index, 'name'), cell(e.index, 'mobile'),
    ])];
    const text = `\uFEFF${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
    const base = this._fileName.replace(/\.[^.]+$/, '') || 'roster';
    save(new Blob([text], { type: 'text/csv;charset=utf-8' }), `${base}_${t.errorsFile}.csv`);
  }

  private _reset() {
    this._phase = 'pick';
    this._table = null;
    this._fileName = '';
    this._errors = [];
    this._checked = null;
    this._result = null;
    this._problem = null;
    this._notice = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#file')?.focus());
  }

  private _stepOf(): number {
    switch (this._phase) {
      case 'pick': case 'reading': return 0;
      case 'map': return 1;
      case 'validating': case 'checked': return 2;
      case 'importing': case 'done': return 3;
    }
  }

  private _pickSection() {
    const t = this._t;
    const reading = this._phase === 'reading';
    return html`<section class="card" aria-labelledby="pick-title">
      <h2 id="pick-title">${t.steps[0]}</h2>
      <div class="actions" role="group" aria-label=${t.template}>
        <button type="button" class="button quiet" @click=${() => this._template('xlsx')}>${t.templateXlsx}</button>
        <button type="button" class="button quiet" @click=${() => this._template('csv')}>${t.templateCsv}</button>
      </div>
      <div class="field">
        <label for="file">${t.file}</label>
        <input id="file" class="file" type="file" ?disabled=${reading || this._phase === 'validating' || this._phase === 'importing'}
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          aria-describedby="file-hint" @change=${this._pick}>
        <p id="file-hint" class="hint">${t.fileHint}</p>
      </div>
      <p role="status">${reading ? t.reading : this._table ? t.read(this._table.rows.length, this._fileName) : ''}</p>
    </section>`;
  }

  private _mapSection(table: Table) {
    const t = this._t;
    const busy = this._phase === 'validating';
    const columns = table.header.length ? table.header : (table.rows[0] ?? []).map(() => '');
    return html`<section class="card" aria-labelledby="map-title"><form novalidate @submit=${this._validate}>
        <h2 id="map-title" tabindex="-1">${t.mapping}</h2>
        <p class="hint">${t.mappingHint}</p>
        <div class="map">${FIELDS.map((field) => html`<div class="field">
          <label for="map-${field}">${t.fields[field]}${REQUIRED.has(field) ? t.required : ''}</label>
          <select id="map-${field}" class="input" ?disabled=${busy}
            @change=${(e: Event) => { this._map = { ...this._map, [field]: Number((e.target as HTMLSelectElement).value) }; }}>
            <option value="-1" ?selected=${this._map[field] < 0}>${t.noColumn}</option>
            ${columns.map((header, i) => html`<option value=${i} ?selected=${this._map[field] === i}>${t.column(i + 1, header)}</option>`)}
          </select></div>`)}</div>
        <fieldset ?disabled=${busy}>
          <legend>${t.mode}</legend>
          ${MODES.map((mode) => html`<label class="choice"><input type="radio" name="mode" value=${mode} .checked=${this._mode === mode}
            @change=${() => { this._mode = mode; }}><span><strong>${t.modes[mode]}</strong><span class="hint">${t.modeHints[mode]}</span></span></label>`)}
        </fieldset>
        <div class="field">
          <label for="tag">${t.tag}</label>
          <input id="tag" class="input" maxlength="40" .value=${this._tag} ?disabled=${busy} aria-describedby="tag-hint"
            @input=${(e: Event) => { this._tag = (e.target as HTMLInputElement).value; }}>
          <p id="tag-hint" class="hint">${t.tagHint}</p>
        </div>
        ${busy ? this._progress(t.validating(this._done, table.rows.length), table.rows.length) : nothing}
        <div class="actions">
          ${busy
            ? html`<button type="button" class="button" ?disabled=${this._stopping} @click=${this._requestStop}>${this._stopping ? t.stopping : t.stop}</button>`
            : html`<button type="submit" class="button primary">${t.validate}</button>`}
        </div>
    </form></section>`;
  }

  private _progress(text: string, total: number) {
    const t = this._t;
    return html`<div class="field">
      <progress max=${total} .value=${this._done} aria-label=${t.progress} aria-describedby="progress-text"></progress>
      <p id="progress-text" role="status">${text}</p>
    </div>`;
  }

  private _errorTable() {
    const t = this._t;
    const table = this._table;
    if (!this._errors.length || !table) return nothing;
    const shown = this._errors.slice(0, ERRORS_SHOWN);
    return html`
      <p>${t.errorsShown(shown.length, this._errors.length)}</p>
      <div class="table-wrap"><table>
        <caption>${t.errorsTitle}</caption>
        <thead><tr><th scope="col">${t.row}</th><th scope="col">${t.field}</th><th scope="col">${t.problem}</th></tr></thead>
        <tbody>${shown.map((e) => html`<tr><td class="num">${table.lines[e.index] ?? e.index}</td><td>${t.fields[e.field]}</td><td>${t.codes[e.code]}</td></tr>`)}</tbody>
      </table></div>
      <div class="actions"><button type="button" class="button quiet" @click=${this._downloadErrors}>${t.downloadErrors}</button></div>`;
  }

  private _checkSection() {
    const t = this._t;
    const c = this._checked!;
    return html`<section class="card" aria-labelledby="check-title">
      <h2 id="check-title" tabindex="-1">${t.steps[2]}</h2>
      <p role="status">${t.checked(c.total, c.valid.length, c.existing, c.invalid)}</p>
      ${this._errorTable()}
      ${c.valid.length ? nothing : html`<p class="notice bad">${t.nothingValid}</p>`}
      <div class="actions">
        ${c.valid.length ? html`<button type="button" class="button primary" @click=${this._import}>${t.start(c.valid.length)}</button>` : nothing}
        <button type="button" class="button quiet" @click=${this._reset}>${t.again}</button>
      </div>
    </section>`;
  }

  private _importSection() {
    const t = this._t;
    const total = this._checked?.valid.length ?? 0;
    return html`<section class="card" aria-labelledby="import-title">
      <h2 id="import-title">${t.steps[3]}</h2>
      ${this._progress(t.importing(this._done, total), total)}
      <div class="actions"><button type="button" class="button" ?disabled=${this._stopping} @click=${this._requestStop}>${this._stopping ? t.stopping : t.stop}</button></div>
    </section>`;
  }

  private _resultSection() {
    const t = this._t;
    const r = this._result;
    const notSent = this._checked?.invalid ?? 0;
    return html`<section class="card" aria-labelledby="result-title">
      <h2 id="result-title" tabindex="-1">${t.resultTitle}</h2>
      ${r ? html`<p role="status"><strong>${r.status === 'completed' ? t.completed : t.stopped}</strong> ${t.summary(r)}</p>
        <dl class="counts">
          ${(['added', 'updated', 'skipped', 'refused'] as const).map((k) => html`<div><dt>${t.counts[k]}</dt><dd>${r[k]}</dd></div>`)}
        </dl>` : nothing}
      ${notSent ? html`<p>${t.notSent(notSent)}</p>` : nothing}
      ${this._errorTable()}
      <div class="actions"><button type="button" class="button" @click=${this._reset}>${t.again}</button></div>
    </section>`;
  }

  override render() {
    const t = this._t;
    const step = this._stepOf();
    const phase = this._phase;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      <ol class="steps">${t.steps.map((s, i) => html`<li aria-current=${i === step ? 'step' : 'false'}>${s}</li>`)}</ol>
      ${this._notice ? html`<p class="notice" role="status">${this._notice(t)}</p>` : nothing}
      ${this._problem ? html`<p class="notice bad" role="alert">${this._problem(t)}</p>` : nothing}
      ${phase === 'pick' || phase === 'reading' || phase === 'map' || phase === 'validating' ? this._pickSection() : nothing}
      ${(phase === 'map' || phase === 'validating') && this._table ? this._mapSection(this._table) : nothing}
      ${phase === 'checked' ? this._checkSection() : nothing}
      ${phase === 'importing' ? this._importSection() : nothing}
      ${phase === 'done' ? this._resultSection() : nothing}
    `;
  }
}

customElements.define('console-import', ConsoleImport);
