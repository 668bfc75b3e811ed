// Environments and variables: the env files REST Client / httpYac / JetBrains read (malformed ones name the
// line and column and leave the other environments usable), `{{variables}}` with nesting, loops, undefined
// names and the system variables, the app's .env files in Next.js' order, and a whole draft resolved.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDotenv } from '../../../src/core/http/dotenv';
import { mergeEnvFiles, parseEnvFile, sharedVariables, type EnvVariable } from '../../../src/core/http/envFile';
import { toCurl, toHttpFile } from '../../../src/core/http/export';
import { displayUrl, exportForm, prepareDraft, type RequestEnvironment, type TemplatedDraft } from '../../../src/core/http/prepare';
import type { RequestSpecInput } from '../../../src/core/http/types';
import { resolveText, type VariableScope } from '../../../src/core/http/variables';

function vars(o: Record<string, string>, secret: string[] = []): Map<string, EnvVariable> {
  return new Map(Object.entries(o).map(([k, value]) => [k, { value, secret: secret.includes(k) }]));
}

describe('http/envFile: http-client.env.json and its private companion', () => {
  it('merges $shared, the environment and the private file, the environment and the private file winning', () => {
    const pub = parseEnvFile(JSON.stringify({ $shared: { api: 'v1', user: 'shared' }, local: { baseUrl: 'http://127.0.0.1:3000', user: 'alice' }, staging: { baseUrl: 'http://127.0.0.1:4000' } }), 'http-client.env.json');
    const priv = parseEnvFile('{ "local": { "token": "s3cret", "user": "bob" }, "$shared": { "key": "k" } }', 'http-client.private.env.json');
    const set = mergeEnvFiles(pub, priv);
    assert.deepEqual(set.names, ['local', 'staging']);
    const local = set.variables('local')!;
    assert.deepEqual(Object.fromEntries(local), {
      api: { value: 'v1', secret: false },
      user: { value: 'bob', secret: true },
      key: { value: 'k', secret: true },
      baseUrl: { value: 'http://127.0.0.1:3000', secret: false },
      token: { value: 's3cret', secret: true },
    });
    assert.equal(set.variables('staging')!.get('user')?.value, 'shared');
    assert.equal(set.variables('nope'), undefined);
    assert.deepEqual(Object.fromEntries(sharedVariables(pub, priv)), { api: { value: 'v1', secret: false }, user: { value: 'shared', secret: false }, key: { value: 'k', secret: true } });
    assert.deepEqual(set.problems, []);
  });

  it('accepts comments, trailing commas, numbers and booleans; skips JetBrains objects such as Security', () => {
    const f = parseEnvFile('// envs\n{\n  "dev": { "port": 3000, "debug": true, "Security": { "Auth": {} }, },\n}\n', 'e.json');
    assert.deepEqual(f.problems, []);
    assert.deepEqual(Object.fromEntries(f.environments.get('dev')!), { port: '3000', debug: 'true' });
  });

  it('names the line and column of an error, and keeps the environments the error is not inside', () => {
    const text = '{\n  "local": { "baseUrl": "http://127.0.0.1:3000" },\n  "broken": { "a": "1" "b": "2" },\n  "staging": { "baseUrl": "http://127.0.0.1:4000" }\n}\n';
    const f = parseEnvFile(text, 'http-client.env.json');
    assert.equal(f.problems.length, 1, JSON.stringify(f.problems));
    assert.deepEqual(f.problems[0], { file: 'http-client.env.json', line: 3, column: 24, message: 'invalid JSON: comma expected', environment: 'broken' });
    const set = mergeEnvFiles(f, undefined);
    assert.deepEqual(set.names, ['local', 'staging', 'broken']);
    assert.equal(set.variables('local')!.get('baseUrl')?.value, 'http://127.0.0.1:3000');
    assert.equal(set.variables('staging')!.get('baseUrl')?.value, 'http://127.0.0.1:4000');
    assert.equal(set.variables('broken'), undefined);
    assert.equal(set.broken('broken')?.line, 3);
  });

  it('reports a file that is not an object of environments, and an environment that is not an object', () => {
    for (const [text, line, column] of [['', 1, 1], ['[1, 2]', 1, 1], ['{ "a": ', 1, 8]] as const) {
      const f = parseEnvFile(text, 'x.json');
      assert.equal(f.environments.size, 0, text);
      assert.ok(f.problems.length >= 1, text);
      assert.deepEqual([f.problems[0].line, f.problems[0].column], [line, column], `${text}: ${JSON.stringify(f.problems)}`);
    }
    const f = parseEnvFile('{\n "a": "http://x",\n "b": {}\n}', 'x.json');
    assert.deepEqual(f.problems.map((p) => [p.line, p.column, p.environment]), [[2, 7, 'a']]);
    assert.ok(f.environments.has('b'));
  });
});

describe('http/variables: {{name}} resolution', () => {
  const scope = (o: Record<string, string>, extra: Partial<VariableScope> = {}, secret: string[] = []): VariableScope => ({ environment: 'local', variables: vars(o, secret), ...extra });

  it('resolves nested variables, keeping secret ones as {{name}} in the display text', () => {
    const s = scope({ host: '127.0.0.1', port: '3000', baseUrl: 'http://{{host}}:{{port}}', auth: 'Bearer {{token}}', token: 's3cret' }, {}, ['token']);
    assert.deepEqual(resolveText('{{baseUrl}}/api', s), { ok: true, value: 'http://127.0.0.1:3000/api', display: 'http://127.0.0.1:3000/api', secret: false });
    assert.deepEqual(resolveText('{{ auth }}', s), { ok: true, value: 'Bearer s3cret', display: 'Bearer {{token}}', secret: true });
    assert.deepEqual(resolveText('no templates, {single} braces', s), { ok: true, value: 'no templates, {single} braces', display: 'no templates, {single} braces', secret: false });
  });

  it('stops a variable that refers to itself, directly or through others, and names the loop', () => {
    const s = scope({ a: '{{b}}', b: 'x{{c}}', c: '{{a}}', self: 'pre-{{self}}' });
    const loop = resolveText('{{a}}', s);
    assert.deepEqual(loop, { ok: false, variable: 'a', message: '{{a}} refers to itself: {{a}} → {{b}} → {{c}} → {{a}}. Break the loop in the environment file.' });
    const self = resolveText('GET {{self}}', s);
    assert.ok(!self.ok && self.message.startsWith('{{self}} refers to itself: {{self}} → {{self}}'), JSON.stringify(self));
    // The same variable twice side by side is not a loop.
    const twice = resolveText('{{d}}', scope({ d: '{{e}}{{e}}', e: 'z' }));
    assert.ok(twice.ok && twice.value === 'zz');
  });

  it('bounds a chain deeper than 32 variables', () => {
    const o: Record<string, string> = {};
    for (let i = 0; i < 40; i++) o[`v${i}`] = `{{v${i + 1}}}`;
    o.v40 = 'end';
    const r = resolveText('{{v0}}', scope(o));
    assert.ok(!r.ok && /nests more than 32 variables deep/.test(r.message), JSON.stringify(r));
  });

  it('an undefined variable is an error naming it and the environment', () => {
    assert.deepEqual(resolveText('{{baseUrl}}/x/{{missing}}', scope({ baseUrl: 'http://127.0.0.1' })), { ok: false, variable: 'missing', message: '{{missing}} is not defined in the environment "local". Nothing was sent.' });
    const none = resolveText('{{x}}', { variables: new Map() });
    assert.ok(!none.ok && /no environment is selected/.test(none.message));
  });

  it('system variables: $uuid, $timestamp (with an offset), $randomInt, $shared, $dotenv; unknown ones refused', () => {
    const s = scope({ n: '{{$randomInt 10 20}}' }, {
      now: () => 1_700_000_000_500, random: () => 0.55, uuid: () => 'u-1',
      shared: vars({ api: 'v1' }), dotenv: (n) => (n === 'API_KEY' ? 'from-env-local' : undefined),
    });
    const ok = (t: string): string => {
      const r = resolveText(t, s);
      assert.ok(r.ok, JSON.stringify(r));
      return r.value;
    };
    assert.equal(ok('{{$uuid}} {{$guid}}'), 'u-1 u-1');
    assert.equal(ok('{{$timestamp}}'), '1700000000');
    assert.equal(ok('{{$timestamp -1 d}}'), String(1_700_000_000 - 86_400));
    assert.equal(ok('{{n}}'), '15');
    assert.equal(ok('{{$shared api}}'), 'v1');
    const dot = resolveText('{{$dotenv API_KEY}}', s);
    assert.deepEqual(dot, { ok: true, value: 'from-env-local', display: '{{$dotenv API_KEY}}', secret: true });
    for (const [t, re] of [
      ['{{$randomInt 5 5}}', /min < max/], ['{{$randomInt a}}', /randomInt min max/], ['{{$timestamp 1 parsec}}', /unit/],
      ['{{$dotenv NOPE}}', /NOPE is not defined in the app's \.env files/], ['{{$processEnv HOME}}', /not a variable this panel knows/],
      ['{{$shared nope}}', /"nope" is not defined in \$shared/],
    ] as const) {
      const r = resolveText(t, s);
      assert.ok(!r.ok && re.test(r.message), `${t}: ${JSON.stringify(r)}`);
    }
    for (let i = 0; i < 50; i++) {
      const v = Number(resolveText('{{$randomInt -3 3}}', scope({})).ok ? (resolveText('{{$randomInt -3 3}}', scope({})) as { value: string }).value : NaN);
      assert.ok(Number.isInteger(v) && v >= -3 && v < 3, String(v));
    }
  });
});

describe('http/dotenv: the app\'s .env files in Next.js\' order', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-dotenv-'));
    fs.writeFileSync(path.join(dir, '.env'), 'A=env\nB=env\nC=env\nD=env\nQUOTED="two words"\n# comment\n');
    fs.writeFileSync(path.join(dir, '.env.development'), 'A=development\nB=development\nC=development\n');
    fs.writeFileSync(path.join(dir, '.env.local'), 'A=local\nB=local\n');
    fs.writeFileSync(path.join(dir, '.env.development.local'), 'A=development.local\n');
    fs.writeFileSync(path.join(dir, '.env.production'), 'D=production\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('.env.development.local, then .env.local, then .env.development, then .env; .env.production is not read', () => {
    const d = loadDotenv(dir);
    assert.deepEqual(['A', 'B', 'C', 'D', 'QUOTED'].map((n) => d.get(n)?.value), ['development.local', 'local', 'development', 'env', 'two words']);
    assert.equal(path.basename(d.get('B')!.file), '.env.local');
    assert.deepEqual(d.files.map((f) => path.basename(f)), ['.env.development.local', '.env.local', '.env.development', '.env']);
    assert.equal(d.get('MISSING'), undefined);
  });

  it('.env.local wins over .env when only those two exist; a FIFO is named, not read', function () {
    const two = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-dotenv2-'));
    try {
      fs.writeFileSync(path.join(two, '.env'), 'TOKEN=committed\n');
      fs.writeFileSync(path.join(two, '.env.local'), 'TOKEN=mine\n');
      assert.equal(loadDotenv(two).get('TOKEN')?.value, 'mine');
      fs.symlinkSync('/dev/zero', path.join(two, '.env.development'));
      const d = loadDotenv(two);
      assert.equal(d.get('TOKEN')?.value, 'mine');
      assert.equal(d.problems.length, 1, JSON.stringify(d.problems));
      assert.match(d.problems[0], /^\.env\.development: /);
    } finally {
      fs.rmSync(two, { recursive: true, force: true });
    }
  });
});

describe('http/prepare: a draft resolved, auth added, secrets kept out of the display copy', () => {
  const draft = (): TemplatedDraft => ({
    route: '/api/users/[id]', method: 'POST', params: { id: '{{userId}}' },
    query: [{ name: 'v', value: '{{$shared api}}', enabled: true }, { name: 'off', value: '{{undefinedButDisabled}}', enabled: false }],
    headers: [{ name: 'X-Trace', value: '{{trace}}', enabled: true }, { name: 'Authorization', value: 'Basic old', enabled: true }],
    cookies: [{ name: 'theme', value: '{{theme}}', enabled: true }],
    body: { kind: 'json', text: '{ "user": "{{user}}", "n": {{n}} }' },
  });
  const scope: VariableScope = {
    environment: 'local',
    variables: vars({ baseUrl: 'http://127.0.0.1:{{port}}', port: '3000', userId: 'a b', trace: 't-1', theme: 'dark', user: 'alice', n: '7', token: 's3cret' }, ['token']),
    shared: vars({ api: 'v1' }),
  };

  it('resolves URL parts, headers, cookies and the body; an auth header replaces a typed one', () => {
    const p = prepareDraft(draft(), scope, '{{baseUrl}}', { type: 'bearer', token: '{{token}}' });
    assert.ok(p.ok, JSON.stringify(p));
    assert.equal(p.baseUrl, 'http://127.0.0.1:3000');
    assert.deepEqual(p.draft.params, { id: 'a b' });
    assert.deepEqual(p.draft.query.map((q) => [q.name, q.value]), [['v', 'v1'], ['off', '{{undefinedButDisabled}}']]);
    assert.deepEqual(p.draft.headers.map((q) => [q.name, q.value]), [['X-Trace', 't-1'], ['Authorization', 'Bearer s3cret']]);
    assert.deepEqual(p.display.headers.map((q) => [q.name, q.value]), [['X-Trace', 't-1'], ['Authorization', 'Bearer {{token}}']]);
    assert.deepEqual(p.draft.cookies.map((q) => q.value), ['dark']);
    assert.deepEqual(p.draft.body, { kind: 'json', text: '{ "user": "alice", "n": 7 }' });
    assert.deepEqual(displayUrl(p.displayBaseUrl, p.display), { ok: true, url: 'http://127.0.0.1:3000/api/users/a%20b?v=v1' });
  });

  it('stops at the first undefined variable, naming where it is', () => {
    const d = draft();
    d.headers[0].value = '{{nope}}';
    const p = prepareDraft(d, scope, '{{baseUrl}}', { type: 'none' });
    assert.deepEqual(p, { ok: false, variable: 'nope', message: 'Header X-Trace: {{nope}} is not defined in the environment "local". Nothing was sent.' });
  });

  it('displayUrl keeps {{variables}} of a display draft unencoded, a templated base included', () => {
    assert.deepEqual(displayUrl('{{host}}', { route: '/api/users/[id]', params: { id: '{{id}}' }, query: [{ name: 'k', value: '{{key}} x', enabled: true }] }), { ok: true, url: '{{host}}/api/users/{{id}}?k={{key}}%20x' });
  });
});

describe('http/prepare: exports in an environment keep secrets as {{variables}}', () => {
  const env: RequestEnvironment = {
    name: 'local', baseUrl: 'http://127.0.0.1:{{port}}',
    scope: { environment: 'local', variables: vars({ port: '3000', user: 'ada', token: 's3cret', key: 'k3y' }, ['token', 'key']) },
    auth: { type: 'bearer', token: '{{token}}' },
  };
  const d = (): TemplatedDraft => ({
    route: '/api/users/[id]', method: 'GET', params: { id: '{{user}}' },
    query: [{ name: 'k', value: '{{key}}', enabled: true }], headers: [{ name: 'X-User', value: '{{user}}', enabled: true }], cookies: [], body: { kind: 'none' },
  });
  const spec = (form: { draft: TemplatedDraft; url: string }, method = 'GET'): RequestSpecInput => ({ method: method as 'GET', url: form.url, headers: form.draft.headers, cookies: form.draft.cookies });

  it('.http: every {{variable}} and {{baseUrl}} as typed (no @baseUrl line), a variable-only auth written as is', () => {
    const f = exportForm('http', d(), env, 'http://127.0.0.1:9999');
    assert.ok(f.ok, JSON.stringify(f));
    assert.equal(f.form.url, '{{baseUrl}}/api/users/{{user}}?k={{key}}');
    const text = toHttpFile([{ name: 'GET /api/users/[id]', spec: spec(f.form) }], { secretHeaders: f.form.secretHeaders, keepTemplates: true });
    assert.equal(text, '### GET /api/users/[id]\n# @name getApiUsersId\n# @no-redirect\nGET {{baseUrl}}/api/users/{{user}}?k={{key}}\nX-User: {{user}}\nAuthorization: Bearer {{token}}\n');
    assert.ok(!/s3cret|k3y|3000/.test(text));
  });

  it('.http: a typed auth secret becomes an {{authorization}} variable; Basic in REST Client\'s "user password" form', () => {
    const typed = exportForm('http', d(), { ...env, auth: { type: 'bearer', token: 'literal-secret' } }, 'http://x');
    assert.ok(typed.ok);
    const text = toHttpFile([{ spec: spec(typed.form) }], { secretHeaders: typed.form.secretHeaders, keepTemplates: true });
    assert.match(text, /^Authorization: \{\{authorization\}\}$/m);
    assert.ok(!text.includes('literal-secret'));
    const basic = exportForm('http', d(), { ...env, auth: { type: 'basic', username: '{{user}}', password: '{{token}}' } }, 'http://x');
    assert.ok(basic.ok);
    assert.match(toHttpFile([{ spec: spec(basic.form) }], { keepTemplates: true }), /^Authorization: Basic \{\{user\}\} \{\{token\}\}$/m);
  });

  it('cURL: committed values resolved, private ones kept as {{name}}, the auth header a shell variable', () => {
    const f = exportForm('curl', d(), env, 'http://127.0.0.1:9999');
    assert.ok(f.ok, JSON.stringify(f));
    assert.equal(f.form.url, 'http://127.0.0.1:3000/api/users/ada?k={{key}}');
    const text = toCurl(spec(f.form), { secretHeaders: f.form.secretHeaders });
    assert.ok(!/s3cret|k3y/.test(text), text);
    assert.match(text, /-H 'Authorization: '"\$\{AUTHORIZATION\}"/);
  });

  it('no environment: the URL as before, the dev server as @baseUrl', () => {
    const f = exportForm('http', { ...d(), params: { id: '42' }, query: [], headers: [] }, undefined, 'http://127.0.0.1:3000');
    assert.ok(f.ok);
    assert.deepEqual([f.form.url, f.form.baseUrl], ['http://127.0.0.1:3000/api/users/42', 'http://127.0.0.1:3000']);
  });
});
