/**
 * Polls `probe` every 50 ms until it gives a truthy value, and returns it; fails naming `what`
 * after `ms`. For work another loop does (the send loop, the inbox processor).
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
