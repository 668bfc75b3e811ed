// A cloned repository names the host (bffRoutes.baseUrl, .next/dev/lock, a route's redirect); the system
// resolver answers with another machine. Reproduced with the real resolver and a real listener on that
// "other machine" (192.0.2.1 in a private network namespace, see test/support/privateNet.ts): no
// connection, no request line and no secret reaches it, unless the user setting allows it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REMOTE_ADDRESS, runInPrivateNet } from '../support/privateNet';

interface Seen {
  result: { ok?: boolean; kind?: string; message?: string; status?: number; body?: string; state?: string; reason?: string; url?: string };
  remote: { connections: number; requests: string[] };
  local: string[];
}
type Report = Record<string, Seen> & { port: number; 'resolver:localhost': string[] | string; 'resolver:evil.localhost': string[] | string };

const script = path.join(__dirname, 'hostileHosts.scenarios.js');
const nothingRemote = { connections: 0, requests: [] };

describe('hostile hosts: no secret reaches another machine (real resolver, private network)', function () {
  this.timeout(120_000);

  describe('bffRoutes.baseUrl http://evil.localhost, which /etc/hosts points at another machine', () => {
    let r: Report;
    before(() => {
      r = runInPrivateNet<Report>(`127.0.0.1 localhost\n${REMOTE_ADDRESS} evil.localhost\n`, script, ['evil']);
    });

    it('reproduces the precondition: the system resolver answers evil.localhost with the other machine, which listens and records', () => {
      assert.deepEqual(r['resolver:evil.localhost'], [REMOTE_ADDRESS]);
      assert.equal(r.control.result.body, 'remote');
      assert.deepEqual(r.control.remote.requests, ['GET /control authorization=Bearer s3cret x-api-key=k3y']);
    });

    it('refuses a request for evil.localhost after resolving it by its own name: the other machine sees nothing', () => {
      assert.deepEqual(r.direct.remote, nothingRemote);
      assert.equal(r.direct.result.kind, 'non-loopback', JSON.stringify(r.direct));
      assert.match(r.direct.result.message ?? '', /^evil\.localhost resolves to 192\.0\.2\.1, which is not this machine/);
      assert.deepEqual(r.direct.local, [], 'nor is it sent to this machine under a name that does not point here');
    });

    it('does not follow a real 302 from 127.0.0.1 to evil.localhost', () => {
      assert.deepEqual(r.redirect.remote, nothingRemote);
      assert.equal(r.redirect.result.kind, 'non-loopback', JSON.stringify(r.redirect));
      assert.match(r.redirect.result.message ?? '', /^The redirect to http:\/\/evil\.localhost:\d+\/steal was not followed: evil\.localhost resolves to 192\.0\.2\.1/);
    });

    it('does not probe evil.localhost, nor a literal remote address or the one in a shipped dev lock', () => {
      assert.deepEqual(r['probe-name'].remote, nothingRemote);
      assert.equal(r['probe-name'].result.state, 'not-running');
      assert.match(r['probe-name'].result.reason ?? '', /was not probed \(evil\.localhost resolves to 192\.0\.2\.1/);
      assert.deepEqual(r['probe-literal'].remote, nothingRemote);
      assert.match(r['probe-literal'].result.reason ?? '', /bffRoutes\.baseUrl http:\/\/192\.0\.2\.1:\d+ was not probed \(192\.0\.2\.1:\d+ is not this machine/);
      assert.deepEqual(r['probe-lock'].remote, nothingRemote);
      assert.match(r['probe-lock'].result.reason ?? '', /stale lock: its appUrl was not probed/);
    });

    it('probes another machine when the user setting allows it (the control of the probe)', () => {
      assert.equal(r['probe-allowed'].result.state, 'running');
      assert.equal(r['probe-allowed'].remote.connections, 1);
    });
  });

  describe('/etc/hosts points localhost itself at another machine', () => {
    let r: Report;
    before(() => {
      r = runInPrivateNet<Report>(`${REMOTE_ADDRESS} localhost\n`, script, ['localhost']);
    });

    it('reproduces the precondition: the system resolver answers localhost with the other machine', () => {
      assert.deepEqual(r['resolver:localhost'], [REMOTE_ADDRESS]);
      assert.deepEqual(r.control.remote.requests, ['GET /control authorization=Bearer s3cret x-api-key=k3y']);
    });

    it('refuses the request after resolving, before connecting: the other machine sees nothing', () => {
      assert.deepEqual(r.direct.remote, nothingRemote);
      assert.equal(r.direct.result.kind, 'non-loopback');
      assert.match(r.direct.result.message ?? '', /^localhost resolves to 192\.0\.2\.1, which is not this machine/);
    });

    it('does not follow a real 302 from 127.0.0.1 to localhost there', () => {
      assert.deepEqual(r.redirect.remote, nothingRemote);
      assert.equal(r.redirect.result.kind, 'non-loopback');
      assert.match(r.redirect.result.message ?? '', /^The redirect to http:\/\/localhost:\d+\/steal was not followed: localhost resolves to 192\.0\.2\.1/);
    });

    it('does not probe localhost there', () => {
      assert.deepEqual(r['probe-name'].remote, nothingRemote);
      assert.equal(r['probe-name'].result.state, 'not-running');
      assert.match(r['probe-name'].result.reason ?? '', /was not probed \(localhost resolves to 192\.0\.2\.1/);
    });
  });
});
