// Preloaded (`node -r out/test/support/maxRss.js …`) into a process whose peak memory a test measures: at exit it
// writes the process's own peak resident set size (getrusage's ru_maxrss, in kB) to the file named by
// BFF_MAX_RSS_FILE. Nothing is written when the process is killed (a hang): the test then fails on the kill.
import * as fs from 'node:fs';

const out = process.env.BFF_MAX_RSS_FILE;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
