// "BFF Routes: Open OpenAPI Document" inside a real VS Code: the command builds the document of the fixture app from
// the handlers' code (a schema imported through tsconfig `paths`, query parameters, path parameters, status codes),
// reads unsaved editor text, and opens the result as an untitled JSON document.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/ids';
import { activateExtension, revertUnsavedUnder, workspaceRoot } from './support';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: { type?: string; required?: string[]; properties?: Record<string, unknown> } }> };
  responses: Record<string, unknown>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

describe('Open OpenAPI Document (real extension host)', function () {
  this.timeout(120_000);
  let root: string;

  before(async () => {
    await activateExtension();
    root = workspaceRoot();
  });

  after(async () => {
    await revertUnsavedUnder([path.join(root, 'app')]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the app\'s OpenAPI 3.1 document as untitled JSON, read from the handlers and from unsaved editor text', async () => {
    // An unsaved edit: a query parameter the file on disk does not read yet.
    const search = await vscode.workspace.openTextDocument(path.join(root, 'app', 'api', 'search', 'route.ts'));
    const editor = await vscode.window.showTextDocument(search);
    const anchor = search.getText().indexOf("  const limit");
    assert.ok(anchor > 0, 'the fixture search route reads limit');
    assert.ok(await editor.edit((b) => b.insert(search.positionAt(anchor), "  const sort = request.nextUrl.searchParams.get('sort');\n  void sort;\n")));
    assert.ok(search.isDirty);

    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(Commands.openOpenApi);
    assert.ok(doc, 'the command returned the document it opened');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'json');
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the document is shown');

    const api = JSON.parse(doc.getText()) as OpenApi;
    assert.match(api.openapi, /^3\.1\./);
    // dynamic segments as path parameters; the route group is not part of the URL
    assert.ok(api.paths['/api/users/{id}']?.get, Object.keys(api.paths).join(', '));
    assert.deepEqual(api.paths['/api/users/{id}'].get.parameters?.filter((p) => p.in === 'path').map((p) => [p.name, p.required]), [['id', true]]);
    assert.ok(api.paths['/api/users/{id}'].delete?.responses['204'], 'DELETE answers 204');
    assert.ok(api.paths['/api/ping']?.get, 'the (marketing) group is left out of the path');
    // a body schema imported through tsconfig `paths` (@/lib/schemas), and the statuses the handler answers
    const order = api.paths['/api/orders'].post;
    const body = order.requestBody?.content['application/json']?.schema;
    assert.ok(body?.properties && 'email' in body.properties && 'items' in body.properties, JSON.stringify(body));
    assert.ok(order.responses['201'] && order.responses['400'], Object.keys(order.responses).join(', '));
    // query parameters, the unsaved one included
    const query = (api.paths['/api/search'].get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort();
    assert.deepEqual(query, ['limit', 'q', 'sort']);
  });
});
