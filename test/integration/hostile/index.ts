// The suite index of the second integration run (test/host/runIntegration.ts): the extension host opens an
// empty folder, so nothing activates the extension before the suite fills the folder with hostile files and
// activates it while measuring how long the host's event loop stalls.
import { runFiles, testFiles } from '../index';

export function run(): Promise<void> {
  return runFiles(testFiles(__dirname, '.hostile.js'));
}
