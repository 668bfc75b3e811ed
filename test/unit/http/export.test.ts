import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envName, isSecretHeader, shellQuote, toCurl, toFetch, toHttpFile, variableName } from '../../../src/core/http/export';
import type { RequestSpecInput } from '../../../src/core/http/types';
import { buildUrl } from '../../../src/core/http/url';

const BASE = 'http://127.0.0.1:3000';
const SECRET = 'Bearer s3cr3t-token';
const post: RequestSpecInput = {
  method: 'POST',
  url: `${BASE}/api/echo?x=it's`,
  headers: [
    { name: 'Authorization', value: SECRET },
    { name: 'X-Trace', value: "it's \"quoted\" $HOME `cmd`" },
    { name: 'X-Custom-Token', value: 'marked-secret-value', secret: true },
    { name: 'X-Off', value: 'no', enabled: false },
  ],
  cookies: [{ name: 'session', value: 'cookie-secret' }],
  body: { kind: 'json', text: '{"msg":"it\'s $HOME"}' },
};

function allSecretsAbsent(out: string): void {
  for (const s of ['s3cr3t', 'marked-secret-value', 'cookie-secret']) assert.ok(!out.includes(s), `secret ${s} leaked:\n${out}`);
}

describe('http/export: secrets', () => {
  it('treats Authorization, Cookie, API keys and user-marked names as secret', () => {
    assert.equal(isSecretHeader('authorization'), true);
    assert.equal(isSecretHeader('X-API-Key'), true);
    assert.equal(isSecretHeader('X-Tenant'), false);
    assert.equal(isSecretHeader('x-tenant', ['X-Tenant']), true);
    assert.equal(envName('X-Api-Key'), 'X_API_KEY');
    assert.equal(variableName('X-Api-Key'), 'xApiKey');
  });
});

describe('http/export: cURL', () => {
  it('quotes for a POSIX shell so that sh reproduces every argument byte for byte', () => {
    for (const s of ["it's", '"q" $HOME `x` \\ \n newline', '', "''"]) {
      const echoed = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(s)}`], { encoding: 'utf8' });
      assert.equal(echoed, s);
    }
  });

  it('writes method, URL, headers, body; secrets become ${VARS} that the shell expands', () => {
    const out = toCurl(post);
    allSecretsAbsent(out);
    assert.match(out, /^# Set first: AUTHORIZATION=\.\.\. X_CUSTOM_TOKEN=\.\.\. COOKIE=\.\.\.$/m);
    // Run the command through sh with curl replaced by printf, to see the real argv.
    const argv = execFileSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\n' "$a"; done; }\n${out}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AUTHORIZATION: 'Bearer from-env', X_CUSTOM_TOKEN: 't', COOKIE: 'c=1', HOME: '/home/u' },
    }).split('\n');
    assert.deepEqual(argv.slice(0, -1), [
      `${BASE}/api/echo?x=it's`,
      '-H', 'Authorization: Bearer from-env',
      '-H', `X-Trace: it's "quoted" $HOME \`cmd\``,
      '-H', 'X-Custom-Token: t',
      '-H', 'Cookie: c=1',
      '-H', 'Content-Type: application/json',
      '--data-raw', '{"msg":"it\'s $HOME"}',
    ]);
  });

  it('uses --head for HEAD, -X for DELETE, --location when following, --form-string / -F for multipart', () => {
    assert.match(toCurl({ method: 'HEAD', url: `${BASE}/a` }), /^curl --head 'http/);
    assert.match(toCurl({ method: 'DELETE', url: `${BASE}/a` }), /^curl -X DELETE/);
    assert.match(toCurl({ method: 'GET', url: `${BASE}/a`, followRedirects: true }), /--location/);
    const mp = toCurl({ method: 'POST', url: `${BASE}/u`, body: { kind: 'multipart', fields: [{ kind: 'text', name: 'note', value: '@not-a-file' }, { kind: 'file', name: 'f', path: '/tmp/my pic.png' }] } });
    assert.match(mp, /--form-string 'note=@not-a-file'/);
    assert.match(mp, /-F 'f=@"\/tmp\/my pic\.png";filename="my pic\.png";type=image\/png'/);
    assert.ok(!/Content-Type/i.test(mp), 'no manual multipart Content-Type (curl sets the boundary)');
  });

  it('writes the base as ${BASE_URL} when asked', () => {
    const out = toCurl({ method: 'GET', url: `${BASE}/api/hello` }, { baseUrl: BASE });
    assert.match(out, /"\$\{BASE_URL\}"'\/api\/hello'/);
  });
});

describe('http/export: fetch', () => {
  it('writes a runnable fetch with secrets from process.env and the JSON body as an object literal', () => {
    const out = toFetch(post);
    allSecretsAbsent(out);
    assert.match(out, /"Authorization": process\.env\.AUTHORIZATION \?\? ''/);
    assert.match(out, /body: JSON\.stringify\(\{"msg":"it's \$HOME"\}\)/);
    assert.match(out, /redirect: "manual"/);
    // it is valid JavaScript (inside an async function)
    new Function(`return (async () => {\n${out}\n});`);
  });

  it('writes multipart with openAsBlob and urlencoded with URLSearchParams', () => {
    const mp = toFetch({ method: 'POST', url: `${BASE}/u`, body: { kind: 'multipart', fields: [{ kind: 'file', name: 'f', path: '/tmp/a.txt' }] } });
    assert.match(mp, /import \{ openAsBlob \} from 'node:fs';/);
    assert.match(mp, /form\.append\("f", await openAsBlob\("\/tmp\/a\.txt", \{ type: "text\/plain" \}\), "a\.txt"\);/);
    const ue = toFetch({ method: 'POST', url: `${BASE}/u`, body: { kind: 'urlencoded', fields: [{ name: 'a', value: 'b c' }] } });
    assert.match(ue, /body: new URLSearchParams\(\[\["a","b c"\]\]\)/);
  });
});

describe('http/export: .http (REST Client / httpYac)', () => {
  it('writes @baseUrl, ### separators, # @name, # @no-redirect, {{secret}} variables and the body after a blank line', () => {
    const out = toHttpFile([{ spec: post }, { name: 'Get user 7', spec: { method: 'GET', url: `${BASE}/api/users/7`, followRedirects: true } }], { baseUrl: BASE });
    allSecretsAbsent(out);
    const expected = [
      '@baseUrl = http://127.0.0.1:3000',
      '# Secret values are not stored in this file. Define {{authorization}}, {{xCustomToken}}, {{cookie}}',
      '# in your REST Client environment (rest-client.environmentVariables) or httpYac .env file.',
      '',
      '### POST /api/echo',
      '# @name postApiEcho',
      '# @no-redirect',
      "POST {{baseUrl}}/api/echo?x=it's",
      'Authorization: {{authorization}}',
      `X-Trace: it's "quoted" $HOME \`cmd\``,
      'X-Custom-Token: {{xCustomToken}}',
      'Cookie: {{cookie}}',
      'Content-Type: application/json',
      '',
      '{"msg":"it\'s $HOME"}',
      '',
      '### Get user 7',
      '# @name getUser7',
      'GET {{baseUrl}}/api/users/7',
      '',
    ].join('\n');
    assert.equal(out, expected);
  });

  it('writes multipart parts with < file references relative to the .http file', () => {
    const out = toHttpFile([{ spec: { method: 'POST', url: `${BASE}/up`, body: { kind: 'multipart', fields: [{ kind: 'text', name: 'n', value: 'v' }, { kind: 'file', name: 'f', path: '/ws/data/a.png' }] } } }], { relativeTo: '/ws/requests' });
    assert.match(out, /Content-Type: multipart\/form-data; boundary=----BffRoutesFormBoundary\n\n------BffRoutesFormBoundary\nContent-Disposition: form-data; name="n"\n\nv\n------BffRoutesFormBoundary\nContent-Disposition: form-data; name="f"; filename="a\.png"\nContent-Type: image\/png\n\n< \.\.\/data\/a\.png\n------BffRoutesFormBoundary--/);
  });

  it('gives repeated requests unique names', () => {
    const spec: RequestSpecInput = { method: 'GET', url: `${BASE}/api/hello` };
    const out = toHttpFile([{ spec }, { spec }]);
    assert.match(out, /# @name getApiHello\n/);
    assert.match(out, /# @name getApiHello2\n/);
  });

  it('names a request in camelCase from the panel\'s "METHOD /route" title (getApiRedirect, not gETApiRedirect)', () => {
    const spec: RequestSpecInput = { method: 'GET', url: `${BASE}/api/redirect` };
    assert.match(toHttpFile([{ name: 'GET /api/redirect', spec }]), /# @name getApiRedirect\n/);
    assert.match(toHttpFile([{ name: 'DELETE /api/users/[id]', spec }]), /# @name deleteApiUsersId\n/);
    assert.match(toHttpFile([{ name: 'My saved Request', spec }]), /# @name mySavedRequest\n/);
  });
});

describe('http/export: a folder name or header cannot inject a request', () => {
  // A folder named `x\nGET http:` is a valid route segment; this is the URL the panel builds for it.
  const pattern = '/api/x\nGET http:';
  const hostile: RequestSpecInput = {
    method: 'POST',
    url: `${BASE}/api/x\nGET http://evil.example/steal HTTP/1.1`,
    headers: [
      { name: 'X-Ok', value: 'fine' },
      { name: 'X-Split', value: 'a\r\nGET http://evil.example/' },
      { name: 'X-Bad Name', value: 'v' },
      { name: 'X`touch$IFS$MARK`-Key', value: 'k', secret: true },
    ],
    body: { kind: 'multipart', fields: [{ kind: 'text', name: 'n"\r\nX-Injected: 1', value: 'v' }, { kind: 'file', name: 'f', path: '/tmp/a\nGET http://evil.example/.txt' }] },
  };
  const requestLines = (text: string): string[] => text.split('\n').filter((l) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(l));

  it('builds a URL for a route pattern whose literal segment holds a line break, a space, ? and #', () => {
    const built = buildUrl(BASE, `${pattern}/a b?c#d\\e`);
    assert.ok(built.ok);
    assert.equal(built.url, `${BASE}/api/x%0AGET%20http:/a%20b%3Fc%23d%5Ce`);
    assert.equal(new URL(built.url).pathname, '/api/x%0AGET%20http:/a%20b%3Fc%23d%5Ce', 'URL parsing keeps every segment (nothing stripped, no query started)');
  });

  it('.http: one request line per request, the title escaped, unsendable headers and paths left out with a note', () => {
    const out = toHttpFile([{ name: `POST ${pattern}`, spec: hostile }], { baseUrl: `${BASE}\n### injected` });
    assert.deepEqual(requestLines(out), ['POST http://127.0.0.1:3000/api/x%0AGET%20http://evil.example/steal%20HTTP/1.1']);
    assert.deepEqual(out.split('\n').filter((l) => l.startsWith('###')), ['### POST /api/x\\nGET http:']);
    assert.match(out, /^# Left out the header X-Split: its value has a line break or NUL/m);
    assert.match(out, /^# Left out the header "X-Bad Name": its name is not a valid HTTP header name\.$/m);
    assert.match(out, /^# Left out the file field f: a \.http file cannot reference the path \/tmp\/a\\nGET http:\/\/evil\.example\/\.txt/m);
    assert.match(out, /^Content-Disposition: form-data; name="n%22%0D%0AX-Injected: 1"$/m);
    assert.ok(!/^X-Injected/m.test(out) && !/^GET /m.test(out), out);
  });

  it('cURL: the shell sees one URL argument, no header with a line break, and expands nothing in a secret header name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-curl-'));
    try {
      const mark = path.join(dir, 'pwned');
      const out = toCurl(hostile);
      assert.match(out, /^# Left out the header X-Split/m);
      const argv = execFileSync('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${out}`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, MARK: mark, X_TOUCH_IFS_MARK_KEY: 'from-env' },
      }).split('\0').slice(0, -1);
      assert.equal(fs.existsSync(mark), false, 'the header name ran a command');
      assert.equal(argv[0], 'http://127.0.0.1:3000/api/x%0AGET%20http://evil.example/steal%20HTTP/1.1');
      assert.ok(argv.includes('X`touch$IFS$MARK`-Key: from-env'), argv.join(' | '));
      assert.ok(argv.every((a) => !/\r|\nGET/.test(a) || a.startsWith('f=@')), argv.join(' | '));
      assert.ok(argv.includes('n%22%0D%0AX-Injected: 1=v'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fetch: the code calls fetch once, with the one-line URL and only sendable headers', async () => {
    const out = toFetch({ ...hostile, body: { kind: 'text', text: 'x' } });
    const calls: Array<[string, { headers: Record<string, string> }]> = [];
    const fakeFetch = async (url: string, init: { headers: Record<string, string> }): Promise<{ status: number; text(): Promise<string> }> => {
      calls.push([url, init]);
      return { status: 200, text: async () => '' };
    };
    const run = new Function('fetch', 'process', 'console', `return (async () => {\n${out}\n})();`) as (f: typeof fakeFetch, p: unknown, c: unknown) => Promise<void>;
    await run(fakeFetch, { env: { X_TOUCH_IFS_MARK_KEY: 'k' } }, { log: () => undefined });
    assert.equal(calls.length, 1);
    assert.equal(calls[0][0], 'http://127.0.0.1:3000/api/x%0AGET%20http://evil.example/steal%20HTTP/1.1');
    assert.deepEqual(Object.keys(calls[0][1].headers), ['X-Ok', 'X`touch$IFS$MARK`-Key', 'Content-Type']);
    assert.match(out, /^\/\/ Left out the header X-Split/m);
  });
});
