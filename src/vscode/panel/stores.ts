import * as vscode from 'vscode';
import * as z from 'zod';
import type { ZodMiniType } from 'zod/mini';
import {
  HistoryEntrySchema, isSecretRow, Limits, SavedRequestSchema, secretRowKey, withoutSecrets,
  type HistoryEntry, type KeyValue, type RequestDraft, type SavedRequest,
} from '../../protocol';

const HISTORY_KEY = 'bffRoutes.history.v1';
const SAVED_KEY = 'bffRoutes.saved.v1';

function newId(): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}

/** Reads a list from workspaceState, dropping entries that no longer validate (older versions, hand edits). */
function readList<T>(memento: vscode.Memento, key: string, schema: ZodMiniType<T>): T[] {
  const raw = memento.get<unknown>(key);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e) => {
    const r = schema.safeParse(e);
    return r.success ? [r.data] : [];
  });
}

/** A list of entries with ids in workspaceState; fires when it changes. */
class ListStore<T extends { id: string }> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  constructor(protected readonly memento: vscode.Memento, private readonly key: string, private readonly schema: ZodMiniType<T>) {}

  list(): T[] {
    return readList(this.memento, this.key, this.schema);
  }

  get(id: string): T | undefined {
    return this.list().find((e) => e.id === id);
  }

  protected async write(entries: T[]): Promise<void> {
    await this.memento.update(this.key, entries);
    this.changed.fire();
  }

  remove(id: string): Promise<void> {
    return this.write(this.list().filter((e) => e.id !== id));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The last 200 requests of this workspace, newest first, secret values blanked. */
export class HistoryStore extends ListStore<HistoryEntry> {
  constructor(memento: vscode.Memento) {
    super(memento, HISTORY_KEY, HistoryEntrySchema);
  }

  async add(entry: Omit<HistoryEntry, 'id' | 'request'> & { request: RequestDraft }): Promise<HistoryEntry> {
    const e: HistoryEntry = { ...entry, id: newId(), request: withoutSecrets(entry.request) };
    await this.write([e, ...this.list()].slice(0, Limits.historyEntries));
    return e;
  }

  clear(): Promise<void> {
    return this.write([]);
  }
}

/** Named requests per route, in workspaceState, secret values blanked; a name is unique per route. */
export class SavedStore extends ListStore<SavedRequest> {
  constructor(memento: vscode.Memento) {
    super(memento, SAVED_KEY, SavedRequestSchema);
  }

  async add(name: string, request: RequestDraft): Promise<SavedRequest> {
    const rest = this.list().filter((s) => !(s.name === name && s.request.appRoot === request.appRoot && s.request.route === request.route));
    const s: SavedRequest = { id: newId(), name, request: withoutSecrets(request) };
    await this.write([...rest, s].slice(-5000));
    return s;
  }
}

type Table = 'headers' | 'cookies' | 'query';


/**
 * Secret header/cookie/query values, one SecretStorage record per route (SecretStorage of VS Code 1.90
 * cannot list keys, so a route's values live together under one key).
 */
export class SecretValues {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(appRoot: string, route: string): string {
    return `bffRoutes.requestSecrets:${appRoot}\n${route}`;
  }

  async get(appRoot: string, route: string): Promise<Record<string, string>> {
    const raw = await this.secrets.get(this.key(appRoot, route));
    if (!raw) return {};
    try {
      const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  /** Stores the draft's secret values (non-empty ones) for its route. */
  async remember(draft: RequestDraft): Promise<void> {
    const current = await this.get(draft.appRoot, draft.route);
    let changed = false;
    for (const [table, rows] of [['headers', draft.headers], ['cookies', draft.cookies], ['query', draft.query]] as Array<[Table, KeyValue[]]>) {
      for (const row of rows) {
        if (!isSecretRow(row, table) || row.name.trim() === '' || row.value === '') continue;
        const k = secretRowKey(table, row.name);
        if (current[k] !== row.value) {
          current[k] = row.value;
          changed = true;
        }
      }
    }
    if (changed) await this.secrets.store(this.key(draft.appRoot, draft.route), JSON.stringify(current));
  }

  /** The draft with blank secret values filled from storage (history re-send, saved requests). */
  async fill(draft: RequestDraft): Promise<RequestDraft> {
    const values = await this.get(draft.appRoot, draft.route);
    const fillRows = (rows: KeyValue[], table: Table): KeyValue[] =>
      rows.map((r) => (isSecretRow(r, table) && r.value === '' && values[secretRowKey(table, r.name)] !== undefined ? { ...r, value: values[secretRowKey(table, r.name)] } : r));
    return { ...draft, headers: fillRows(draft.headers, 'headers'), cookies: fillRows(draft.cookies, 'cookies'), query: fillRows(draft.query, 'query') };
  }
}
