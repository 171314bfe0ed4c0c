/**
 * Whether this process goes quiet (under 100 ms of CPU in some half second) within `withinMs`: what a test of a
 * keystore reader's time budget checks after the reader thread is terminated. Terminating stops JavaScript at once,
 * but a key derivation already inside OpenSSL runs to its end (one per thread, 0.7 s at the iteration bound on the
 * development machine). Give it a keystore with several derivations at the bound and a `withinMs` shorter than their
 * sum, so that a thread left deriving would leave no quiet window.
 */
export async function processGoesQuiet(withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  while (performance.now() < until) {
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { user, system } = process.cpuUsage(cpu);
    if ((user + system) / 1000 < 100) return true;
  }
  return false;
}
