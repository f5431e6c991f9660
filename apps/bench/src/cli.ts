/**
 * `pnpm bench <command> [options]`: runs one benchmark family and prints its table.
 * Each family lives in its own folder and exports `run(args)`.
 */
const COMMANDS: Record<string, { describe: string; load: () => Promise<{ run(args: string[]): Promise<void> }> }> = {
  classical: { describe: 'classical ML (@tessera/ml) against scikit-learn and ml.js on digits and Fashion-MNIST', load: () => import('./classical/run.js') },
};

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const entry = command ? COMMANDS[command] : undefined;
  if (!entry) {
    console.log('usage: pnpm bench <command> [options]\n');
    for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(12)} ${c.describe}`);
    process.exitCode = command ? 1 : 0;
    return;
  }
  await (await entry.load()).run(args);
}

await main();
