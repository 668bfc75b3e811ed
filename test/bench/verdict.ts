// One line per benchmark figure: the measurement, its anchor measured in the same run, the ratio, the target and
// whether it was met. Timings on a shared machine are noisy, so each benchmark also prints the load average.
import * as os from 'node:os';

export interface Figure {
  what: string;
  /** Milliseconds (or any unit given in `unit`). */
  value: number;
  unit?: string;
  anchorName: string;
  anchor: number;
  /**
   * The ratio to judge, when it was measured on its own: the median of per-round ratios (each round's measurement
   * over the anchor measured by turns with it), which a slow spell of the machine shifts less than the ratio of
   * the two medians. Default: value / anchor.
   */
  ratio?: number;
  /** Either a ceiling on the ratio value/anchor, or a ceiling on the value itself. */
  target: { ratioAtMost: number } | { valueAtMost: number } | { valueBelow: number };
}

export function loadLine(): string {
  const [one, five] = os.loadavg();
  return `machine: ${os.cpus().length} cores, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min)`;
}

/** Prints the figure and returns whether its target was met. */
export function verdict(f: Figure): boolean {
  const unit = f.unit ?? 'ms';
  const ratio = f.ratio ?? (f.anchor > 0 ? f.value / f.anchor : Number.POSITIVE_INFINITY);
  let met: boolean;
  let target: string;
  if ('ratioAtMost' in f.target) {
    met = ratio <= f.target.ratioAtMost;
    target = `ratio <= ${f.target.ratioAtMost}x`;
  } else if ('valueAtMost' in f.target) {
    met = f.value <= f.target.valueAtMost;
    target = `<= ${f.target.valueAtMost} ${unit}`;
  } else {
    met = f.value < f.target.valueBelow;
    target = `< ${f.target.valueBelow} ${unit}`;
  }
  const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  console.log(`${met ? 'PASS' : 'MISS'}  ${f.what}: ${fmt(f.value)} ${unit} | anchor ${f.anchorName}: ${fmt(f.anchor)} ${unit} | ratio ${ratio.toFixed(3)}x${f.ratio !== undefined ? ' (median of rounds)' : ''} | target ${target}`);
  return met;
}
