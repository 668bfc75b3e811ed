import * as vscode from 'vscode';
import { z } from 'zod';
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

/** The last 200 requests of this workspace, newest first, secret values blanked. */
export class HistoryStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  constructor(private readonly memento: vscode.Memento) {}

  list(): HistoryEntry[] {
    return readList(this.memento, HISTORY_KEY, HistoryEntrySchema);
  }

  get(id: string): HistoryEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  async add(entry: Omit<HistoryEntry, 'id' | 'request'> & { request: RequestDraft }): Promise<HistoryEntry> {
    const e: HistoryEntry = { ...entry, id: newId(), request: withoutSecrets(entry.request) };
    await this.memento.update(HISTORY_KEY, [e, ...this.list()].slice(0, Limits.historyEntries));
    this.changed.fire();
    return e;
  }

  async remove(id: string): Promise<void> {
    await this.memento.update(HISTORY_KEY, this.list().filter((e) => e.id !== id));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.memento.update(HISTORY_KEY, []);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Named requests per route, in workspaceState, secret values blanked. */
export class SavedStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  constructor(private readonly memento: vscode.Memento) {}

  list(): SavedRequest[] {
    return readList(this.memento, SAVED_KEY, SavedRequestSchema);
  }

  async add(name: string, request: RequestDraft): Promise<SavedRequest> {
    const rest = this.list().filter((s) => !(s.name === name && s.request.appRoot === request.appRoot && s.request.route === request.route));
    const s: SavedRequest = { id: newId(), name, request: withoutSecrets(request) };
    await this.memento.update(SAVED_KEY, [...rest, s].slice(-5000));
    this.changed.fire();
    return s;
  }

  async remove(id: string): Promise<void> {
    await this.memento.update(SAVED_KEY, this.list().filter((s) => s.id !== id));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
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
