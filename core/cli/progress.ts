// A progress bar for long work on the command line (demo generation, imports, backups).
// On a terminal it redraws one line; in a log it prints a line per step.
export interface ProgressBar {
  update(step: string, fraction: number): void;
  done(message?: string): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const width = 28;
  let lastStep = '';
  let lastDrawn = 0;
  return {
    update(step, fraction) {
      const f = Math.max(0, Math.min(1, fraction));
      if (stream.isTTY) {
        const now = Date.now();
        if (step === lastStep && now - lastDrawn < 80 && f < 1) return;
        lastDrawn = now;
        const filled = Math.round(f * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${step}\x1b[K`);
      } else if (step !== lastStep) {
        stream.write(`  ${step}...\n`);
      }
      lastStep = step;
    },
    done(message) {
      if (stream.isTTY) stream.write('\r\x1b[K');
      if (message) stream.write(`${message}\n`);
    },
  };
}
