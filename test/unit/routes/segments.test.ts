import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  apiRouteOfFile, paramIdentifier, paramsTypeLiteral, parseSegment, promiseParamsContextType, routeContextType, routeOfFile,
  urlPatternOf, validateRoutePath,
} from '../../../src/core/routes/segments';

describe('segments: parseSegment', () => {
  const cases: Array<[string, string, string, string?]> = [
    ['users', 'static', 'users'],
    ['rss.xml', 'static', 'rss.xml'],
    ['.well-known', 'static', '.well-known'],
    ['%5Finternal', 'static', '_internal'],
    ['[id]', 'dynamic', 'id'],
    ['[...slug]', 'catchAll', 'slug'],
    ['[[...slug]]', 'optionalCatchAll', 'slug'],
    ['(marketing)', 'group', 'marketing'],
    ['_private', 'private', 'private'],
    ['@modal', 'parallel', 'modal'],
    ['(.)photo', 'intercepting', 'photo', '(.)'],
    ['(..)photo', 'intercepting', 'photo', '(..)'],
    ['(..)(..)photo', 'intercepting', 'photo', '(..)(..)'],
    ['(...)photo', 'intercepting', 'photo', '(...)'],
  ];
  for (const [raw, kind, name, marker] of cases) {
    it(`${raw} is ${kind} '${name}'`, () => {
      const s = parseSegment(raw);
      assert.equal(s.kind, kind);
      assert.equal(s.name, name);
      assert.equal(s.raw, raw);
      assert.equal(s.marker, marker);
    });
  }
  it('classifies malformed names without throwing', () => {
    assert.equal(parseSegment('[').kind, 'static');
    assert.equal(parseSegment('[]').kind, 'static');
    assert.equal(parseSegment('[[]]').kind, 'static');
    assert.equal(parseSegment('()').kind, 'static');
    assert.equal(parseSegment('@').kind, 'static');
    assert.equal(parseSegment('').kind, 'static');
    // `[...]` is a dynamic param literally named '...'; validateRoutePath rejects it.
    assert.deepEqual(parseSegment('[...]'), { raw: '[...]', kind: 'dynamic', name: '...' });
  });
});

describe('segments: urlPatternOf', () => {
  const url = (p: string) => urlPatternOf(p.split('/').filter(Boolean).map(parseSegment));
  it('strips groups, private and parallel folders, keeps brackets', () => {
    assert.equal(url('api/(admin)/users/[id]'), '/api/users/[id]');
    assert.equal(url('(marketing)/api/ping'), '/api/ping');
    assert.equal(url('@slot/api/x'), '/api/x');
    assert.equal(url('docs/[[...slug]]'), '/docs/[[...slug]]');
    assert.equal(url(''), '/');
    assert.equal(url('%5Fhidden/x'), '/_hidden/x');
  });
});

describe('segments: routeOfFile', () => {
  const app = path.join(path.sep, 'w', 'app');
  it('maps route files to their URL pattern and params', () => {
    const r = routeOfFile(app, path.join(app, 'api', '(admin)', 'users', '[id]', 'route.ts'));
    assert.ok(r);
    assert.equal(r.urlPattern, '/api/users/[id]');
    assert.deepEqual(r.params, [{ name: 'id', kind: 'dynamic' }]);
    assert.deepEqual(r.segments.map((s) => s.kind), ['static', 'group', 'static', 'dynamic']);
    const all = routeOfFile(app, path.join(app, 'shop', '[cat]', '[[...rest]]', 'route.js'));
    assert.deepEqual(all?.params, [{ name: 'cat', kind: 'dynamic' }, { name: 'rest', kind: 'optionalCatchAll' }]);
    assert.equal(routeOfFile(app, path.join(app, 'route.ts'))?.urlPattern, '/');
    assert.equal(routeOfFile(app, path.join(app, 'rss.xml', 'route.tsx'))?.urlPattern, '/rss.xml');
  });
  it('is undefined for private folders, non-route files and files outside the app dir', () => {
    assert.equal(routeOfFile(app, path.join(app, '_private', 'api', 'route.ts')), undefined);
    assert.equal(routeOfFile(app, path.join(app, 'api', 'page.tsx')), undefined);
    assert.equal(routeOfFile(app, path.join(app, 'api', 'route.d.ts')), undefined);
    assert.equal(routeOfFile(app, path.join(app, 'api', 'route.mjs')), undefined);
    assert.equal(routeOfFile(app, path.join(app, 'api', 'route.test.ts')), undefined);
    assert.equal(routeOfFile(app, path.join(path.sep, 'w', 'other', 'route.ts')), undefined);
    assert.equal(routeOfFile(app, path.join(app, 'feed', '(..)photo', 'route.ts')), undefined);
  });
  it('honours custom pageExtensions', () => {
    assert.equal(routeOfFile(app, path.join(app, 'x', 'route.mjs'), ['mjs'])?.urlPattern, '/x');
  });
});

describe('segments: apiRouteOfFile', () => {
  const pages = path.join(path.sep, 'w', 'pages');
  it('maps pages/api files', () => {
    assert.equal(apiRouteOfFile(pages, path.join(pages, 'api', 'hello.ts'))?.urlPattern, '/api/hello');
    assert.equal(apiRouteOfFile(pages, path.join(pages, 'api', 'index.js'))?.urlPattern, '/api');
    const r = apiRouteOfFile(pages, path.join(pages, 'api', 'users', '[id]', 'index.ts'));
    assert.equal(r?.urlPattern, '/api/users/[id]');
    assert.deepEqual(r?.params, [{ name: 'id', kind: 'dynamic' }]);
    assert.deepEqual(apiRouteOfFile(pages, path.join(pages, 'api', '[...all].ts'))?.params, [{ name: 'all', kind: 'catchAll' }]);
  });
  it('is undefined outside pages/api and for declaration files', () => {
    assert.equal(apiRouteOfFile(pages, path.join(pages, 'about.tsx')), undefined);
    assert.equal(apiRouteOfFile(pages, path.join(pages, 'api', 'types.d.ts')), undefined);
    assert.equal(apiRouteOfFile(pages, path.join(pages, 'api', 'data.json')), undefined);
  });
});

describe('segments: validateRoutePath', () => {
  const ok = (input: string, url: string) => {
    const r = validateRoutePath(input);
    assert.ok(r.ok, `${input} should be valid: ${r.ok ? '' : r.message}`);
    assert.equal(r.urlPattern, url);
  };
  it('accepts the routes of every pattern', () => {
    ok('api/hello', '/api/hello');
    ok('api/users/[id]', '/api/users/[id]');
    ok('api/[...slug]', '/api/[...slug]');
    ok('docs/[[...slug]]', '/docs/[[...slug]]');
    ok('(shop)/api/cart', '/api/cart');
    ok('rss.xml', '/rss.xml');
    ok('llms.txt', '/llms.txt');
    ok('.well-known/security.json', '/.well-known/security.json');
    ok('api/products/[product-id]', '/api/products/[product-id]');
    ok('api/héllo', '/api/héllo');
    ok('api/hello/', '/api/hello');
    ok('  api/hello ', '/api/hello');
    ok('%5Finternal/api', '/_internal/api');
  });

  it('accepts names that only resemble a Windows device name', () => {
    for (const name of ['console', 'conx', 'icon', 'com10', 'lpt', 'auxiliary', 'null', 'nul-x', 'con_', 'con-fig', '[con]', '[...aux]', 'com1x.txt', '.con']) {
      ok(`api/${name}`, `/api/${name}`);
    }
    ok('(con)/api', '/api'); // the folder is named "(con)"
  });

  const rejects: Array<[string, RegExp]> = [
    ['', /Enter a route path/],
    ['   ', /Enter a route path/],
    ['api/../secret', /must stay inside the app directory/],
    ['..', /must stay inside the app directory/],
    ['./api', /must stay inside the app directory/],
    ['/api/hello', /not an absolute path/],
    ['C:/work/app/api', /not an absolute path/],
    ['~/api', /not an absolute path/],
    ['api\\hello', /not \\/],
    ['api/hello world', /cannot contain spaces/],
    ['api/a?b', /contains '\?'/],
    ['api/a#b', /contains '#'/],
    ['api/a%20b', /contains '%'/],
    ['api/a:b', /contains ':'/],
    ['api/a*b', /contains '\*'/],
    ['api/a"b', /contains '"'/],
    ['api/a|b', /contains '\|'/],
    ['api/a<b', /contains '<'/],
    ['api//hello', /empty folder name/],
    ['api/[...slug]/more', /must be the last folder/],
    ['api/[[...slug]]/more', /must be the last folder/],
    ['api/[id]/x/[id]', /'id' is used twice/],
    ['api/[a-b]/[ab]', /differ only by symbols/],
    ['api/[[id]]', /only catch-all segments can be optional/],
    ['api/[..slug]', /period/],
    ['api/[...]', /period/],
    ['api/[…slug]', /ellipsis/],
    ['api/[id', /unbalanced brackets/],
    ['api/id]', /unbalanced brackets/],
    ['api/[]', /unbalanced brackets/],
    ['api/[1id]', /parameter name/],
    ['api/[i d]', /spaces/],
    ['api/_private', /private folder/],
    ['@modal/api', /parallel route slot/],
    ['feed/(..)photo', /intercepting route/],
    ['api/a(b)', /parentheses/],
    ['(shop)', /ends with a route group/],
    ['api/hello/route.ts', /file name/],
    // Windows device names, any case, with or without an extension, and names Windows trims
    ['api/CON', /'CON' is a device name Windows reserves/],
    ['api/con', /device name Windows reserves/],
    ['NUL/api', /device name Windows reserves/],
    ['api/aux.', /'aux\.' is a device name Windows reserves/],
    ['api/Prn', /device name Windows reserves/],
    ['api/COM1', /device name Windows reserves/],
    ['api/com0', /device name Windows reserves/],
    ['api/LPT9', /device name Windows reserves/],
    ['api/lpt¹', /device name Windows reserves/],
    ['api/com³', /device name Windows reserves/],
    ['api/con.txt', /'con\.txt' is a device name Windows reserves/],
    ['api/NUL.tar.gz', /device name Windows reserves/],
    ['api/hello.', /ends with '\.', which Windows drops/],
    ['api/v1./x', /ends with '\.'/],
    ['api/...', /ends with '\.'/],
  ];
  for (const [input, re] of rejects) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const r = validateRoutePath(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, re);
    });
  }
});

describe('segments: type helpers', () => {
  it('builds RouteContext and Promise params types', () => {
    assert.equal(routeContextType('/api/users/[id]'), "RouteContext<'/api/users/[id]'>");
    assert.equal(
      promiseParamsContextType([{ name: 'id', kind: 'dynamic' }, { name: 'slug', kind: 'catchAll' }]),
      '{ params: Promise<{ id: string; slug: string[] }> }',
    );
    assert.equal(paramsTypeLiteral([{ name: 'rest', kind: 'optionalCatchAll' }]), '{ rest?: string[] }');
    assert.equal(paramsTypeLiteral([{ name: 'product-id', kind: 'dynamic' }]), "{ 'product-id': string }");
    assert.equal(paramIdentifier('product-id'), 'productId');
    assert.equal(paramIdentifier('id'), 'id');
  });
});
